import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { machine, run, types } from '../helpers.ts';

const task = (Resource: string, Arguments: unknown, extra: Record<string, unknown> = {}) =>
  machine({ T: { Type: 'Task', Resource, Arguments, ...extra, End: true } });

const emrBackend = () => ({
  createCluster: vi.fn(async () => ({ ClusterId: 'j-1', ClusterArn: 'arn:emr:j-1' })),
  addStep: vi.fn(async () => ({ StepId: 's-1' })),
  terminateCluster: vi.fn(async () => ({})),
});

const createCluster = 'arn:aws:states:::elasticmapreduce:createCluster.sync';

describe('service requests are checked against the API model before the call', () => {
  it('EMR: a misspelt member fails the task with EMR.AmazonElasticMapReduceException, and no cluster is asked for', async () => {
    const emr = emrBackend();
    const result = await run(
      task(createCluster, { Name: 'c', Instances: { InstanceGroup: [] } }),
      {},
      { emr },
    );
    expect(result.error).toBe('EMR.AmazonElasticMapReduceException');
    expect(result.cause).toMatch(
      /^1 validation error detected: The field 'InstanceGroup' at 'Instances\.InstanceGroup' is not a member of RunJobFlow's Instances in EMR's API model \(did you mean 'InstanceGroups'\?\) \(Service: AmazonElasticMapReduce; Status Code: 400; Error Code: ValidationException; Request ID: [0-9a-f-]+; Proxy: null\)$/,
    );
    expect(emr.createCluster).not.toHaveBeenCalled();
    // A service error: TaskStarted then TaskFailed, so Retry and Catch see it.
    expect(types(result)).toContain('TaskStarted');
    expect(types(result)).toContain('TaskFailed');
  });

  it('EMR: a missing required member of addStep is named by its path', async () => {
    const emr = emrBackend();
    const result = await run(
      task('arn:aws:states:::elasticmapreduce:addStep.sync', {
        ClusterId: 'j-1',
        Step: { Name: 's' },
      }),
      {},
      { emr },
    );
    expect(result.error).toBe('EMR.AmazonElasticMapReduceException');
    expect(result.cause).toContain(
      "Value null at 'Step.HadoopJarStep' failed to satisfy constraint: Member must not be null",
    );
    expect(emr.addStep).not.toHaveBeenCalled();
  });

  it('S3: a wrong type fails with S3.S3Exception before the client is called', async () => {
    const send = vi.fn();
    const result = await run(
      task('arn:aws:states:::aws-sdk:s3:listObjectsV2', { Bucket: 'data', MaxKeys: '10' }),
      {},
      { s3: { send } as unknown as S3Client },
    );
    expect(result.error).toBe('S3.S3Exception');
    expect(result.cause).toMatch(
      /^1 validation error detected: Value '10' at 'MaxKeys' failed to satisfy constraint: Member must be an integer \(Service: S3, Status Code: 400, Request ID: [0-9a-f-]+\)$/,
    );
    expect(send).not.toHaveBeenCalled();
  });

  it('Lambda: a value outside an enum fails with Lambda.AWSLambdaException, the handler unrun', async () => {
    const handler = vi.fn(async () => ({}));
    const result = await run(
      task('arn:aws:states:::lambda:invoke', {
        FunctionName: 'f',
        Payload: {},
        InvocationType: 'Sync',
      }),
      {},
      { lambdaHandlers: { f: handler } },
    );
    expect(result.error).toBe('Lambda.AWSLambdaException');
    expect(result.cause).toContain(
      "Value 'Sync' at 'InvocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
    );
    expect(result.cause).toContain(
      '(Service: AWSLambda; Status Code: 400; Error Code: ValidationException;',
    );
    expect(handler).not.toHaveBeenCalled();
  });

  it('StartExecution: an out-of-range Name fails with StepFunctions.ValidationException, no child started', async () => {
    const result = await run(
      task('arn:aws:states:::states:startExecution.sync:2', {
        StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:child',
        Input: { a: 1 },
        Name: 'n'.repeat(81),
      }),
    );
    expect(result.error).toBe('StepFunctions.ValidationException');
    expect(result.cause).toContain(
      `Value '${'n'.repeat(77)}...' at 'Name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    );
  });

  it('SFN (aws-sdk): an Error longer than the model allows fails with Sfn.ValidationException', async () => {
    const result = await run(
      task('arn:aws:states:::aws-sdk:sfn:sendTaskFailure', {
        TaskToken: 'token',
        Error: 'E'.repeat(257),
      }),
    );
    expect(result.error).toBe('Sfn.ValidationException');
    expect(result.cause).toMatch(
      /at 'Error' failed to satisfy constraint: Member must have length less than or equal to 256 \(Service: Sfn, Status Code: 400, Request ID: [0-9a-f-]+\) \(SDK Attempt Count: 1\)$/,
    );
  });

  it('stand-ins (integrations, stateIntegrations) get only requests the service accepts', async () => {
    const standIn = vi.fn(async () => ({}));
    const bad = task(createCluster, { Name: 'c' });
    const byResource = await run(bad, {}, { integrations: { [createCluster]: standIn } });
    expect(byResource.error).toBe('EMR.AmazonElasticMapReduceException');
    expect(byResource.cause).toContain("Value null at 'Instances'");
    const byState = await run(bad, {}, { stateIntegrations: { T: standIn } });
    expect(byState.error).toBe('EMR.AmazonElasticMapReduceException');
    expect(standIn).not.toHaveBeenCalled();

    const good = await run(
      task(createCluster, { Name: 'c', Instances: {} }),
      {},
      { stateIntegrations: { T: standIn } },
    );
    expect(good.status).toBe('SUCCEEDED');
    expect(standIn).toHaveBeenCalledTimes(1);
  });

  it('a Catch on the service error name catches it', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: createCluster,
        Arguments: { Name: 'c' },
        Catch: [{ ErrorEquals: ['EMR.AmazonElasticMapReduceException'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    });
    const result = await run(def, {}, { emr: emrBackend() });
    expect(result.status).toBe('SUCCEEDED');
    expect(types(result)).toContain('PassStateEntered');
  });

  it('leaves resources no model covers unchecked', async () => {
    const standIn = vi.fn(async () => ({ ok: true }));
    const resource = 'arn:aws:states:::aws-sdk:dynamodb:putItem';
    const result = await run(
      task(resource, { Whatever: 1 }),
      {},
      { integrations: { [resource]: standIn } },
    );
    expect(result.status).toBe('SUCCEEDED');
  });
});
