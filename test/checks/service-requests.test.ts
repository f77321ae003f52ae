import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../asl/types.ts';
import { serviceRequests } from '../../checks/service-requests.ts';
import { allSnapshots } from '../../workflows/registry.ts';
import { at, broken, distributedBuild, inlineBuild, inner, trainBuild } from './helpers.ts';

const run = (d = inlineBuild.definition) =>
  serviceRequests.run(d, inlineBuild.checkContext) as string[];

const args = (d: StateMachine, state: string) =>
  at(d, state).Arguments as Record<string, unknown> & {
    Instances: Record<string, unknown>;
    Step: Record<string, unknown> & { HadoopJarStep: Record<string, unknown> };
  };

describe('service-requests check', () => {
  it('passes every registered workflow snapshot', () => {
    for (const snapshot of allSnapshots()) {
      const build = snapshot.build();
      expect(serviceRequests.run(build.definition, build.checkContext), snapshot.file).toEqual([]);
    }
    expect(run(distributedBuild.definition)).toEqual([]);
  });

  it('fails on a misspelt member, naming the state, the path and the nearest member', () => {
    const d = broken(trainBuild.definition, (c) => {
      const a = args(c, 'CreateCluster');
      a.Instances.KeepJobFlowAliveWhenNoStep = a.Instances.KeepJobFlowAliveWhenNoSteps;
      delete a.Instances.KeepJobFlowAliveWhenNoSteps;
    });
    expect(run(d)).toEqual([
      "State machine: Task 'CreateCluster': Arguments.Instances.KeepJobFlowAliveWhenNoStep: The field 'KeepJobFlowAliveWhenNoStep' at 'Instances.KeepJobFlowAliveWhenNoStep' is not a member of RunJobFlow's Instances in EMR's API model (did you mean 'KeepJobFlowAliveWhenNoSteps'?) (RunJobFlow would fail with EMR.AmazonElasticMapReduceException)",
    ]);
  });

  it('fails on a wrong literal type and an out-of-range value', () => {
    const d = broken(trainBuild.definition, (c) => {
      args(c, 'CreateCluster').VisibleToAllUsers = 'true';
      args(c, 'CreateCluster').EbsRootVolumeSize = 10.5;
    });
    expect(run(d)).toEqual([
      expect.stringContaining(
        "Arguments.VisibleToAllUsers: Value 'true' at 'VisibleToAllUsers' failed to satisfy constraint: Member must be a boolean",
      ),
      expect.stringContaining("Arguments.EbsRootVolumeSize: Value '10.5' at 'EbsRootVolumeSize'"),
    ]);
    const range = broken(trainBuild.definition, (c) => {
      args(c, 'CreateCluster').Instances.InstanceFleets = [
        { InstanceFleetType: 'TASK', TargetSpotCapacity: -2 },
      ];
    });
    expect(run(range)).toEqual([
      expect.stringContaining(
        'Member must have value greater than or equal to 0 (RunJobFlow would fail with EMR.AmazonElasticMapReduceException)',
      ),
    ]);
  });

  it('fails on a missing required member and a value outside an enum', () => {
    const d = broken(trainBuild.definition, (c) => {
      const step = args(c, 'Train').Step;
      delete step.HadoopJarStep.Jar;
      step.ActionOnFailure = 'RETRY';
    });
    expect(run(d)).toEqual([
      expect.stringContaining(
        "Task 'Train': Arguments.Step.ActionOnFailure: Value 'RETRY' at 'Step.ActionOnFailure' failed to satisfy constraint: Member must satisfy enum value set:",
      ),
      expect.stringContaining(
        "Task 'Train': Arguments.Step.HadoopJarStep.Jar: Value null at 'Step.HadoopJarStep.Jar' failed to satisfy constraint: Member must not be null (AddJobFlowSteps would fail with EMR.AmazonElasticMapReduceException)",
      ),
    ]);
  });

  it('checks Tasks inside a Map and the Lambda model', () => {
    const d = broken(inlineBuild.definition, (c) => {
      (inner(c, 'DownloadTicker').Arguments as Record<string, unknown>).InvocationType = 'Async';
    });
    expect(run(d)).toEqual([
      expect.stringMatching(
        /^Map 'DownloadTickers' ItemProcessor: Task 'DownloadTicker': Arguments\.InvocationType: Value 'Async' .* \(Invoke would fail with Lambda\.AWSLambdaException\)$/,
      ),
    ]);
  });

  it('checks a Distributed Map ItemReader’s S3 request', () => {
    const d = broken(distributedBuild.definition, (c) => {
      const reader = (at(c, 'DownloadTickers').ItemReader as Record<string, unknown>)
        .Arguments as Record<string, unknown>;
      reader.Kye = reader.Key;
      delete reader.Key;
    });
    expect(run(d)).toEqual([
      "State machine: Map 'DownloadTickers' ItemReader: Arguments.Key: Value null at 'Key' failed to satisfy constraint: Member must not be null (GetObject would fail with States.ItemReaderFailed)",
      expect.stringContaining(
        "The field 'Kye' at 'Kye' is not a member of GetObject in S3's API model (did you mean 'Key'?)",
      ),
    ]);
  });

  it('lets expressions, JSONPath .$ fields and placeholders pass as values not known yet', () => {
    const d = broken(trainBuild.definition, (c) => {
      const a = args(c, 'CreateCluster');
      a.VisibleToAllUsers = '{% $visible %}';
      a.StepConcurrencyLevel = '${Concurrency}';
      a['EbsRootVolumeSize.$'] = '$.size';
      delete a.EbsRootVolumeSize;
    });
    expect(run(d)).toEqual([]);
  });

  it('covers nested executions (states:startExecution.sync:2)', () => {
    const start = (Arguments: unknown): StateMachine =>
      ({
        QueryLanguage: 'JSONata',
        StartAt: 'Child',
        States: {
          Child: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Arguments,
            End: true,
          },
        },
      }) as unknown as StateMachine;
    expect(
      run(start({ StateMachineArn: '${ChildArn}', Input: { a: '{% $x %}' }, Name: '{% $n %}' })),
    ).toEqual([]);
    expect(run(start({ StateMachine: '${ChildArn}', Input: {} }))).toEqual([
      "State machine: Task 'Child': Arguments.StateMachineArn: Value null at 'StateMachineArn' failed to satisfy constraint: Member must not be null (StartExecution would fail with StepFunctions.ValidationException)",
      expect.stringContaining("(did you mean 'StateMachineArn'?)"),
    ]);
  });
});
