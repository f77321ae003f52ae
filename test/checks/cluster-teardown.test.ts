import { describe, expect, it } from 'vitest';
import { clusterTeardown } from '../../checks/cluster-teardown.ts';
import { at, broken, pipelineBuild, trainBuild } from './helpers.ts';

const run = (d = trainBuild.definition) => clusterTeardown.run(d, trainBuild.checkContext);

describe('cluster-teardown check', () => {
  it('passes train-model, which creates and terminates the cluster', () => {
    expect(run()).toStrictEqual([]);
  });

  it('passes the composed pipeline, whose cluster lives in the train-model child', () => {
    expect(clusterTeardown.run(pipelineBuild.definition, pipelineBuild.checkContext)).toStrictEqual(
      [],
    );
  });

  it('fails when the training step has no Catch', () => {
    const d = broken(trainBuild.definition, (c) => {
      delete at(c, 'Train').Catch;
    });
    expect(run(d)).toStrictEqual([
      "State machine: Task 'Train': can fail without terminating the cluster: no Catch for States.ALL (CreateCluster -> Train)",
    ]);
  });

  it('fails when a path from the create state reaches Succeed without the terminate state', () => {
    const d = broken(trainBuild.definition, (c) => {
      at(c, 'Train').Next = 'Summary';
    });
    expect(run(d)).toStrictEqual([
      "State machine: Succeed 'Summary': the execution can end here before the cluster is terminated (CreateCluster -> Train -> Summary)",
    ]);
  });

  it('fails when the failure path skips the teardown', () => {
    const d = broken(trainBuild.definition, (c) => {
      (at(c, 'Train').Catch as Array<{ Next: string }>)[0] = { Next: 'RethrowFailure' } as never;
      (at(c, 'Train').Catch as Array<Record<string, unknown>>)[0] = {
        ErrorEquals: ['States.ALL'],
        Next: 'RethrowFailure',
      };
    });
    expect(run(d)).toContain(
      "State machine: Fail 'RethrowFailure': the execution can end here before the cluster is terminated (CreateCluster -> Train -> RethrowFailure)",
    );
  });

  it('fails when a terminate state has no Retry', () => {
    const d = broken(trainBuild.definition, (c) => {
      delete at(c, 'TerminateCluster').Retry;
    });
    expect(run(d)).toStrictEqual([
      "State machine: Task 'TerminateCluster': no Retry (a transient failure would leave the cluster running)",
    ]);
  });

  it('fails when a JSONata Pass sits between create and terminate', () => {
    const d = broken(trainBuild.definition, (c) => {
      c.States.Note = { Type: 'Pass', Output: '{% $clusterId %}', Next: 'Train' };
      at(c, 'CreateCluster').Next = 'Note';
    });
    expect(run(d)).toStrictEqual([
      "State machine: Pass 'Note': evaluates JSONata after the cluster exists but cannot catch a query error (CreateCluster -> Note)",
    ]);
  });
});
