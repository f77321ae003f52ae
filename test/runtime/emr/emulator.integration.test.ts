import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IntegrationError } from '../../../engine/api.ts';
import { createLocalEmr, type LocalEmr } from '../../../runtime/emr/emulator.ts';
import { clusterIdPattern, stepIdPattern } from '../../../runtime/emr/ids.ts';
import { isProcessAlive } from '../../../runtime/emr/process.ts';
import { type LocalS3, startLocalS3 } from '../../../runtime/s3-server.ts';
import { clusterRequest, fakeSparkSubmit, sparkStep, taskContext } from '../helpers.ts';

let dir: string;
let s3: LocalS3;
let emr: LocalEmr;
const lines: string[] = [];

async function put(key: string, body: string, bucket = 'data'): Promise<void> {
  await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}
async function get(key: string, bucket = 'data'): Promise<Buffer> {
  const got = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(
    await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
}
async function keys(prefix: string, bucket = 'data'): Promise<string[]> {
  const out = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key as string).sort();
}
async function cluster(id: string) {
  const found = (await emr.ledger.read()).find((c) => c.Id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}
async function failureOf(promise: Promise<unknown>): Promise<IntegrationError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof IntegrationError) return err;
    throw err;
  }
  throw new Error('expected the task to fail');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'local-emr-'));
  s3 = await startLocalS3({ directory: join(dir, 's3'), buckets: ['data', 'logs'] });
  const fake = fakeSparkSubmit(dir);
  emr = createLocalEmr({
    stateDir: dir,
    s3: s3.client,
    timeScale: 0,
    sparkSubmit: async () => fake,
    log: (l) => lines.push(l),
  });
});
afterAll(async () => {
  emr.close();
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('createCluster', () => {
  it('records a WAITING cluster shaped like DescribeCluster, with the request', async () => {
    const { ClusterId, ClusterArn } = await emr.createCluster(clusterRequest(), taskContext());
    expect(ClusterId).toMatch(clusterIdPattern);
    expect(ClusterArn).toBe(`arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/${ClusterId}`);
    const c = await cluster(ClusterId);
    expect(c.Status.State).toBe('WAITING');
    expect(c.Status.Timeline.CreationDateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(c.Status.Timeline.ReadyDateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(c).toMatchObject({
      Name: 'market-pipeline-train',
      ReleaseLabel: 'emr-7.12.0',
      LogUri: 's3://logs/emr/',
      AutoTerminationPolicy: { IdleTimeout: 600 },
      Request: clusterRequest(),
    });
    expect(c.Tags).toContainEqual({
      Key: 'market-pipeline:workflow',
      Value: 'local-state-machine',
    });
  });

  it('creates no cluster for a request EMR would reject', async () => {
    const before = (await emr.ledger.read()).length;
    const err = await failureOf(
      emr.createCluster(
        clusterRequest({ AutoTerminationPolicy: { IdleTimeout: 30 } }),
        taskContext(),
      ),
    );
    expect(err.error).toBe('EMR.AmazonElasticMapReduceException');
    expect((await emr.ledger.read()).length).toBe(before);
  });

  it('fails with BOOTSTRAP_FAILURE when a bootstrap script is not in S3', async () => {
    const err = await failureOf(
      emr.createCluster(
        clusterRequest({
          BootstrapActions: [
            { Name: 'deps', ScriptBootstrapAction: { Path: 's3://data/code/missing.sh' } },
          ],
        }),
        taskContext(),
      ),
    );
    expect(err.error).toBe('States.TaskFailed');
    const described = JSON.parse(err.message);
    expect(described.Status.State).toBe('TERMINATED_WITH_ERRORS');
    expect(described.Status.StateChangeReason.Code).toBe('BOOTSTRAP_FAILURE');
    expect(described.Status.StateChangeReason.Message).toContain('s3://data/code/missing.sh');
    expect((await cluster(described.Id)).Status.Timeline.EndDateTime).toBeDefined();
  });

  it('shuts down a cluster not kept alive when it has no steps, failing the task', async () => {
    const err = await failureOf(
      emr.createCluster(
        clusterRequest({ Instances: { MasterInstanceType: 'm7g.xlarge', InstanceCount: 1 } }),
        taskContext(),
      ),
    );
    const described = JSON.parse(err.message);
    expect(described.Status).toMatchObject({
      State: 'TERMINATED',
      StateChangeReason: { Code: 'ALL_STEPS_COMPLETED' },
    });
  });
});

describe('addStep', () => {
  it('stages inputs, runs the step and publishes only what EMRFS would show', async () => {
    await put('raw/date=2026-11-27/ticker=AAA/bars.csv', 'ts,close\n1,2\n');
    await put('raw/date=2026-11-27/ticker=BBB/bars.csv', 'ts,close\n3,4\n');
    await put(
      'code/copy.sh',
      [
        'in="$2"; out="$4"',
        'mkdir -p "$out/_temporary/0" "$out/model"',
        'cat "$in"ticker=*/bars.csv > "$out/model/all.csv"',
        'echo x > "$out/model/.all.csv.crc"',
        'echo partial > "$out/_temporary/0/part"',
        'echo \'{"ok":true}\' > "$out/metrics.json"',
        'echo "stdout line"; echo "stderr line" >&2',
      ].join('\n'),
    );
    const { ClusterId } = await emr.createCluster(clusterRequest(), taskContext());
    const { StepId } = await emr.addStep(
      {
        ClusterId,
        Step: sparkStep('s3://data/code/copy.sh', [
          '--input',
          's3://data/raw/date=2026-11-27/',
          '--output',
          's3://data/models/run-1/',
        ]),
      },
      taskContext(),
    );
    expect(StepId).toMatch(stepIdPattern);
    expect(await keys('models/run-1/')).toStrictEqual([
      'models/run-1/metrics.json',
      'models/run-1/model/all.csv',
    ]);
    expect((await get('models/run-1/model/all.csv')).toString()).toBe(
      'ts,close\n1,2\nts,close\n3,4\n',
    );
    const c = await cluster(ClusterId);
    expect(c.Status.State).toBe('WAITING');
    expect(c.Steps[0]?.Status.State).toBe('COMPLETED');
    expect(c.Steps[0]?.Status.Timeline.EndDateTime).toBeDefined();
    const logDir = join(dir, 'emr', 'logs', ClusterId, 'steps', StepId);
    expect(readFileSync(join(logDir, 'stdout'), 'utf8')).toBe('stdout line\n');
    expect(readFileSync(join(logDir, 'stderr'), 'utf8')).toBe('stderr line\n');
    expect(readFileSync(join(logDir, 'controller'), 'utf8')).toContain('--master');
  });

  it('pushes gzipped step logs to the LogUri layout in local S3', async () => {
    await put('code/hello.sh', 'echo hello >&2');
    const { ClusterId } = await emr.createCluster(clusterRequest(), taskContext());
    const { StepId } = await emr.addStep(
      { ClusterId, Step: sparkStep('s3://data/code/hello.sh') },
      taskContext(),
    );
    const stderr = await get(`emr/${ClusterId}/steps/${StepId}/stderr.gz`, 'logs');
    expect(gunzipSync(stderr).toString()).toBe('hello\n');
  });

  it('fails the task with the exit code and the last 20 lines of stderr', async () => {
    await put('code/fail.sh', 'for i in $(seq 1 30); do echo "err $i" >&2; done\nexit 3');
    const { ClusterId } = await emr.createCluster(clusterRequest(), taskContext());
    const err = await failureOf(
      emr.addStep({ ClusterId, Step: sparkStep('s3://data/code/fail.sh') }, taskContext()),
    );
    expect(err.error).toBe('States.TaskFailed');
    const step = JSON.parse(err.message);
    expect(step.Status.State).toBe('FAILED');
    expect(step.Status.FailureDetails.Reason).toBe('Step failed with exit code 3');
    const message: string = step.Status.FailureDetails.Message;
    expect(message.split('\n')[0]).toBe(
      'spark-submit exited with code 3; last 20 lines of stderr:',
    );
    expect(message.split('\n').slice(1)).toStrictEqual(
      Array.from({ length: 20 }, (_, i) => `err ${i + 11}`),
    );
    expect((await cluster(ClusterId)).Status.State).toBe('WAITING');
  });

  it('terminates the cluster with errors when a failed step says TERMINATE_CLUSTER', async () => {
    await put('code/exit1.sh', 'exit 1');
    const { ClusterId } = await emr.createCluster(clusterRequest(), taskContext());
    await failureOf(
      emr.addStep(
        { ClusterId, Step: sparkStep('s3://data/code/exit1.sh', [], 'TERMINATE_CLUSTER') },
        taskContext(),
      ),
    );
    expect((await cluster(ClusterId)).Status).toMatchObject({
      State: 'TERMINATED_WITH_ERRORS',
      StateChangeReason: { Code: 'STEP_FAILURE' },
    });
  });

  it('fails with exit code 127 on a cluster created without Spark', async () => {
    const { ClusterId } = await emr.createCluster(
      clusterRequest({ Applications: [{ Name: 'Hive' }] }),
      taskContext(),
    );
    const err = await failureOf(
      emr.addStep({ ClusterId, Step: sparkStep('s3://data/code/hello.sh') }, taskContext()),
    );
    expect(JSON.parse(err.message).Status.FailureDetails.Reason).toBe(
      'Step failed with exit code 127',
    );
  });

  it('kills the step process group on abort and records the step CANCELLED', async () => {
    await put('code/sleep.sh', 'sleep 30 &\necho $! > child.pid\nwait');
    const { ClusterId } = await emr.createCluster(clusterRequest(), taskContext());
    const abort = new AbortController();
    const running = emr.addStep(
      { ClusterId, Step: sparkStep('s3://data/code/sleep.sh') },
      taskContext({ signal: abort.signal }),
    );
    const stepDir = async () => (await cluster(ClusterId)).Steps[0]?.Local.workDir ?? '';
    await vi.waitFor(
      async () => expect(existsSync(join(await stepDir(), 'child.pid'))).toBe(true),
      { timeout: 10_000 },
    );
    const childPid = Number(readFileSync(join(await stepDir(), 'child.pid'), 'utf8'));
    abort.abort(new Error('execution stopped'));
    await expect(running).rejects.toThrow('execution stopped');
    // The signal is delivered asynchronously, and a killed child lingers until it is reaped.
    await vi.waitFor(() => expect(isProcessAlive(childPid)).toBe(false), { timeout: 5_000 });
    const c = await cluster(ClusterId);
    expect(c.Steps[0]?.Status.State).toBe('CANCELLED');
    expect(c.Status.State).toBe('WAITING');
  });

  it('refuses a step on a terminated cluster as EMR does', async () => {
    const { ClusterId } = await emr.createCluster(clusterRequest(), taskContext());
    await emr.terminateCluster({ ClusterId }, taskContext());
    const err = await failureOf(
      emr.addStep({ ClusterId, Step: sparkStep('s3://data/code/hello.sh') }, taskContext()),
    );
    expect(err.error).toBe('EMR.AmazonElasticMapReduceException');
    expect(err.message).toContain(
      'A job flow that is shutting down, terminated, or finished may not be modified.',
    );
  });
});

describe('terminateCluster', () => {
  it('marks the cluster TERMINATED by user request with an end time, and tolerates a repeat', async () => {
    const { ClusterId } = await emr.createCluster(clusterRequest(), taskContext());
    await emr.terminateCluster({ ClusterId }, taskContext());
    await emr.terminateCluster({ ClusterId }, taskContext());
    const c = await cluster(ClusterId);
    expect(c.Status.State).toBe('TERMINATED');
    expect(c.Status.StateChangeReason).toStrictEqual({
      Code: 'USER_REQUEST',
      Message: 'Terminated by user request',
    });
    expect(c.Status.Timeline.EndDateTime).toBeDefined();
  });

  it('cancels a running step', async () => {
    await put('code/long.sh', 'sleep 30');
    const { ClusterId } = await emr.createCluster(clusterRequest(), taskContext());
    const running = emr.addStep(
      { ClusterId, Step: sparkStep('s3://data/code/long.sh') },
      taskContext(),
    );
    // It fails while terminateCluster is awaited: observe it now, so it is never unhandled.
    const failed = failureOf(running);
    await vi.waitFor(
      async () => expect((await cluster(ClusterId)).Steps[0]?.Local.pid).toBeDefined(),
      { timeout: 10_000 },
    );
    await emr.terminateCluster({ ClusterId }, taskContext());
    const err = await failed;
    expect(JSON.parse(err.message).Status.State).toBe('CANCELLED');
    expect((await cluster(ClusterId)).Status.State).toBe('TERMINATED');
  });
});

describe('idle auto-termination', () => {
  it('terminates a cluster left WAITING for IdleTimeout on the scaled clock', async () => {
    const idleDir = mkdtempSync(join(tmpdir(), 'local-emr-idle-'));
    const done = new Promise<void>((resolve) => {
      const idleEmr = createLocalEmr({
        stateDir: idleDir,
        s3: s3.client,
        timeScale: 1e-4, // 60 s of workflow time = 6 ms
        provisioningSeconds: 0,
        terminationSeconds: 0,
        log: (l) => l.includes('TERMINATED') && resolve(),
      });
      void idleEmr.createCluster(
        clusterRequest({ AutoTerminationPolicy: { IdleTimeout: 60 } }),
        taskContext(),
      );
    });
    await done;
    const [c] = JSON.parse(readFileSync(join(idleDir, 'emr', 'clusters.json'), 'utf8'));
    expect(c.Status.State).toBe('TERMINATED');
    expect(c.Status.StateChangeReason.Code).toBe('ALL_STEPS_COMPLETED');
    expect(c.Status.StateChangeReason.Message).toContain('idle');
    rmSync(idleDir, { recursive: true, force: true });
  });
});
