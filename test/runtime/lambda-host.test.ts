import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LambdaContext } from '../../engine/api.ts';
import { type LocalLambdaFunction, startLambdaFunction } from '../../runtime/lambda/host.ts';

const modulePath = join(import.meta.dirname, 'fixtures', 'env-handler.ts');
const context: LambdaContext = {
  functionName: 'fixture',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fixture',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/fixture',
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60_000,
};

let dir: string;
let fn: LocalLambdaFunction;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-host-'));
  fn = startLambdaFunction({
    name: 'fixture',
    modulePath,
    env: { DATA_BUCKET: 'bucket-a' },
    logFile: join(dir, 'fixture.log'),
  });
  await fn.ready;
});
afterAll(async () => {
  await fn.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('in-process Lambda host', () => {
  it("gives the handler its own environment at import and at invocation, leaving this process's alone", async () => {
    const result = await fn.handler({ value: [1, 'two'] }, context);
    expect(result).toStrictEqual({
      bucketAtImport: 'bucket-a',
      bucketNow: 'bucket-a',
      functionName: 'fixture',
      remainingPositive: true,
      echo: [1, 'two'],
    });
    expect(process.env.DATA_BUCKET).not.toBe('bucket-a');
  });

  it('keeps two functions with different environments apart', async () => {
    const other = startLambdaFunction({
      name: 'other',
      modulePath,
      env: { DATA_BUCKET: 'bucket-b' },
      logFile: join(dir, 'other.log'),
    });
    const [a, b] = await Promise.all([fn.handler({}, context), other.handler({}, context)]);
    await other.stop();
    expect((a as { bucketNow: string }).bucketNow).toBe('bucket-a');
    expect((b as { bucketNow: string }).bucketNow).toBe('bucket-b');
  });

  it('rejects with the error name and message the handler threw', async () => {
    await expect(fn.handler({ mode: 'throw', value: 'X' }, context)).rejects.toMatchObject({
      name: 'FixtureError',
      message: 'cannot handle X',
    });
  });

  it("writes the function's stdout to its log file", async () => {
    await fn.handler({ mode: 'logged' }, context);
    // The worker's stdout reaches the file asynchronously.
    await vi.waitFor(() =>
      expect(readFileSync(join(dir, 'fixture.log'), 'utf8')).toContain('"mode":"logged"'),
    );
  });

  it('reports an init error naming the function and the error', async () => {
    const broken = startLambdaFunction({
      name: 'broken',
      modulePath,
      env: { FAIL_AT_IMPORT: '1' },
      logFile: join(dir, 'broken.log'),
    });
    await expect(broken.ready).rejects.toThrow(
      'Lambda broken failed to initialise: FixtureError: DATA_BUCKET environment variable is not set',
    );
    await broken.stop();
  });

  it('fails an invocation whose environment crashes with Lambda.Unknown, then starts a fresh one', async () => {
    const crashy = startLambdaFunction({
      name: 'crashy',
      modulePath,
      env: { DATA_BUCKET: 'c' },
      logFile: join(dir, 'crashy.log'),
    });
    await expect(crashy.handler({ mode: 'crash' }, context)).rejects.toMatchObject({
      name: 'Lambda.Unknown',
    });
    await expect(crashy.handler({ value: 1 }, context)).resolves.toMatchObject({ echo: 1 });
    await crashy.stop();
  });
});
