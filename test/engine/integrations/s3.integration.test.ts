import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machine, run } from '../helpers.ts';
import { type S3Fixture, startS3 } from '../s3-fixture.ts';

describe('aws-sdk:s3 integration with a local S3', () => {
  let s3: S3Fixture;
  beforeAll(async () => {
    s3 = await startS3('data');
  });
  afterAll(() => s3.close());

  it('puts and gets an object, returning Body as a string and no $metadata', async () => {
    const def = machine({
      Put: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
        Arguments: {
          Bucket: 'data',
          Key: 'notes/a.json',
          Body: { hello: '{% $states.input.who %}' },
        },
        Next: 'Get',
      },
      Get: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
        Arguments: { Bucket: 'data', Key: 'notes/a.json' },
        End: true,
      },
    });
    const result = await run(def, { who: 'world' }, { s3: s3.client });
    expect(result.status).toBe('SUCCEEDED');
    const output = result.output as Record<string, unknown>;
    expect(output.Body).toBe('{"hello":"world"}');
    expect(output).not.toHaveProperty('$metadata');
    expect(typeof output.LastModified).toBe('string');
  });

  it('fails with S3.<Name>Exception and the SDK message for a missing key', async () => {
    const def = machine({
      Get: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
        Arguments: { Bucket: 'data', Key: 'missing' },
        End: true,
      },
    });
    const result = await run(def, {}, { s3: s3.client });
    expect(result.error).toBe('S3.NoSuchKeyException');
    expect(result.cause).toMatch(/\(Service: S3, Status Code: 404, Request ID: .*\)$/);
  });

  it('fails with States.Runtime for an action the S3 SDK does not have', async () => {
    const def = machine({
      T: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:teleportObject', End: true },
    });
    const result = await run(def, {}, { s3: s3.client });
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain("'teleportObject' has no SDK command");
  });
});
