import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaInvoke, machine, run } from '../helpers.ts';
import { type S3Fixture, startS3 } from '../s3-fixture.ts';

describe('ResultWriter with a local S3', () => {
  let s3: S3Fixture;
  beforeAll(async () => {
    s3 = await startS3('results');
  });
  afterAll(() => s3.close());

  const def = (writer: Record<string, unknown>) =>
    machine({
      M: {
        Type: 'Map',
        ToleratedFailureCount: 5,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'T',
          States: {
            T: {
              Type: 'Task',
              Resource: lambdaInvoke,
              Arguments: { FunctionName: 'f', Payload: '{% $states.input %}' },
              Output: '{% $states.result.Payload %}',
              End: true,
            },
          },
        },
        ResultWriter: writer,
        End: true,
      },
    });
  const handlers = {
    f: async (n: unknown) => {
      if (n === 2) throw Object.assign(new Error('two'), { name: 'TwoError' });
      return { doubled: (n as number) * 2 };
    },
  };

  it('writes SUCCEEDED_0.json, FAILED_0.json and a manifest under <Prefix>/<map run id>/', async () => {
    const result = await run(
      def({
        Resource: 'arn:aws:states:::s3:putObject',
        Arguments: { Bucket: 'results', Prefix: 'manifests/run-1/' },
      }),
      [1, 2, 3],
      {
        s3: s3.client,
        lambdaHandlers: handlers,
      },
    );
    expect(result.status).toBe('SUCCEEDED');
    const output = result.output as {
      MapRunArn: string;
      ResultWriterDetails: { Bucket: string; Key: string };
    };
    const runId = output.MapRunArn.slice(output.MapRunArn.lastIndexOf(':') + 1);
    expect(output.ResultWriterDetails).toStrictEqual({
      Bucket: 'results',
      Key: `manifests/run-1/${runId}/manifest.json`,
    });
    const manifest = JSON.parse(await s3.get(output.ResultWriterDetails.Key));
    expect(manifest.DestinationBucket).toBe('results');
    expect(manifest.MapRunArn).toBe(output.MapRunArn);
    expect(manifest.ResultFiles.PENDING).toStrictEqual([]);
    expect(manifest.ResultFiles.SUCCEEDED.map((f: { Key: string }) => f.Key)).toStrictEqual([
      `manifests/run-1/${runId}/SUCCEEDED_0.json`,
    ]);
    expect(manifest.ResultFiles.FAILED.map((f: { Key: string }) => f.Key)).toStrictEqual([
      `manifests/run-1/${runId}/FAILED_0.json`,
    ]);
    const succeeded = JSON.parse(await s3.get(`manifests/run-1/${runId}/SUCCEEDED_0.json`));
    expect(succeeded.map((r: { Output: string }) => JSON.parse(r.Output))).toStrictEqual([
      { doubled: 2 },
      { doubled: 6 },
    ]);
    expect(succeeded[0]).toMatchObject({
      Status: 'SUCCEEDED',
      Input: '1',
      InputDetails: { Included: true },
    });
    const failed = JSON.parse(await s3.get(`manifests/run-1/${runId}/FAILED_0.json`));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ Status: 'FAILED', Error: 'TwoError', Input: '2' });
    expect(manifest.ResultFiles.SUCCEEDED[0].Size).toBe(
      Buffer.byteLength(await s3.get(`manifests/run-1/${runId}/SUCCEEDED_0.json`)),
    );
  });

  it('writes JSON Lines with the COMPACT transformation when WriterConfig asks for it', async () => {
    const result = await run(
      def({
        Resource: 'arn:aws:states:::s3:putObject',
        Arguments: { Bucket: 'results', Prefix: 'lines' },
        WriterConfig: { OutputType: 'JSONL', Transformation: 'COMPACT' },
      }),
      [1, 3],
      { s3: s3.client, lambdaHandlers: handlers },
    );
    const key = (
      result.output as { ResultWriterDetails: { Key: string } }
    ).ResultWriterDetails.Key.replace('manifest.json', 'SUCCEEDED_0.json');
    expect(await s3.get(key)).toBe('{"doubled":2}\n{"doubled":6}');
  });

  it('fails with States.ResultWriterFailed when the bucket does not exist', async () => {
    const result = await run(
      def({
        Resource: 'arn:aws:states:::s3:putObject',
        Arguments: { Bucket: 'nope', Prefix: 'x' },
      }),
      [1],
      {
        s3: s3.client,
        lambdaHandlers: handlers,
      },
    );
    expect(result.error).toBe('States.ResultWriterFailed');
    expect(result.cause).toContain('s3://nope/x/');
  });
});
