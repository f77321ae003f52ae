import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { machine, run } from '../helpers.ts';

const readerMap = (Arguments: Record<string, unknown>) =>
  machine({
    M: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Arguments,
      },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'P',
        States: { P: { Type: 'Pass', End: true } },
      },
      End: true,
    },
  });

describe('Distributed Map ItemReader: the S3 request is checked against S3’s API model', () => {
  it('fails with States.ItemReaderFailed naming the member, before S3 is called', async () => {
    const send = vi.fn();
    const result = await run(
      readerMap({ Bucket: 'data', Kye: 'items.json' }),
      {},
      { s3: { send } as unknown as S3Client },
    );
    expect(result.error).toBe('States.ItemReaderFailed');
    expect(result.cause).toContain(
      "The ItemReader of Map 'M' could not read items: S3 rejected the GetObject request: 2 validation errors detected: Value null at 'Key' failed to satisfy constraint: Member must not be null; The field 'Kye' at 'Kye' is not a member of GetObject in S3's API model (did you mean 'Key'?)",
    );
    expect(send).not.toHaveBeenCalled();
  });
});
