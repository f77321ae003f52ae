import { describe, expect, it } from 'vitest';
import { clientLines, DEFAULT_LOCAL_S3_PORT, localS3Main } from '../../cli/local-s3.ts';
import { fakeIo } from './fake-io.ts';

describe('npm run local-s3', () => {
  it('refuses a port that is not an integer from 0 to 65535 before serving anything', async () => {
    for (const port of ['abc', '-1', '70000', '1.5']) {
      const io = fakeIo();
      let waited = false;
      const code = await localS3Main(['--port', port], io, () => {
        waited = true;
      });
      expect(code, port).toBe(2);
      expect(io.err()).toContain(`--port must be an integer from 0 to 65535, got '${port}'`);
      expect(waited).toBe(false);
    }
  });

  it('points the AWS CLI, boto3 and DuckDB at the endpoint, on 4569 by default', () => {
    const lines = clientLines(`http://127.0.0.1:${DEFAULT_LOCAL_S3_PORT}`).join('\n');
    expect(lines).toContain(
      'aws --endpoint-url http://127.0.0.1:4569 s3 ls s3://market-pipeline-data/',
    );
    expect(lines).toContain(
      "boto3.client('s3', endpoint_url='http://127.0.0.1:4569', aws_access_key_id='S3RVER', aws_secret_access_key='S3RVER', region_name='us-east-1')",
    );
    expect(lines).toContain("SET s3_endpoint='127.0.0.1:4569'");
  });
});
