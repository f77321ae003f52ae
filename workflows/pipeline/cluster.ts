/**
 * Steps 4-6: create the EMR cluster, run the training step, terminate the cluster.
 *
 * Teardown on every path: the success path goes Train -> TerminateCluster -> Summary; every state
 * after the cluster exists catches States.ALL into TerminateClusterAfterFailure, which keeps the
 * original `{ Error, Cause }` in `$failure` and re-raises it with RethrowFailure, so the execution
 * still ends FAILED with the error that caused it. A stopped or timed-out execution runs no Catch:
 * AutoTerminationPolicy.IdleTimeout and the reaper (which finds clusters by their ClusterTag) cover
 * that case.
 */
import type { RunJobFlowCommandInput } from '@aws-sdk/client-emr';
import { Resource, StatesError } from '../../asl/constants.ts';
import type {
  Catcher,
  FailState,
  JsonataString,
  Retrier,
  TaskState,
  Template,
} from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { fail } from '../../builders/fail.ts';
import { expr } from '../../builders/jsonata.ts';
import { idempotentRetry } from '../../builders/policies.ts';
import { task } from '../../builders/task.ts';
import { ClusterTag, EMR_MANAGED_POLICY_TAG } from '../../contracts/cluster-tags.ts';
import type { Sections, TimeoutsOf } from './config.ts';
import { inputPrefixes, modelPrefix } from './paths.ts';
import { ph } from './placeholders.ts';

/** SDK input types allow `undefined` members; the definition is JSON. */
const toTemplate = (value: object): Template => JSON.parse(JSON.stringify(value)) as Template;

export const runJobFlowRequest = (c: Sections<'emr' | 'training'>) => {
  const e = c.emr;
  const bucket = `s3://${ph('DataBucket')}`;
  return {
    Name: expr(`'market-pipeline-' & $states.context.Execution.Name`),
    ReleaseLabel: e.releaseLabel,
    Applications: e.applications,
    ServiceRole: ph('EmrServiceRole'),
    JobFlowRole: ph('EmrInstanceProfile'),
    // At-rest encryption and IMDSv2 are properties of the security configuration the stack owns.
    SecurityConfiguration: ph('EmrSecurityConfiguration'),
    LogUri: `s3://${ph('LogsBucket')}/emr/`,
    VisibleToAllUsers: true,
    // EMR's own backstop: terminates the cluster after this much idleness even if the workflow
    // never reaches a terminate state (stopped execution, execution timeout).
    AutoTerminationPolicy: { IdleTimeout: e.idleTimeoutSeconds },
    EbsRootVolumeSize: e.ebsRootVolumeSize,
    Configurations: e.configurations,
    BootstrapActions:
      c.training.bootstrapKey === undefined
        ? undefined
        : [
            {
              Name: 'install-training-dependencies',
              ScriptBootstrapAction: { Path: `${bucket}/${c.training.bootstrapKey}`, Args: [] },
            },
          ],
    Instances: {
      // The cluster waits for our step instead of terminating when it has none.
      KeepJobFlowAliveWhenNoSteps: true,
      TerminationProtected: false,
      Ec2SubnetId: ph('EmrSubnetId'),
      InstanceGroups: [
        {
          Name: 'primary',
          InstanceRole: 'MASTER' as const,
          InstanceType: e.primaryInstanceType,
          InstanceCount: 1,
          Market: 'ON_DEMAND' as const,
        },
        ...(e.coreInstanceCount === 0
          ? []
          : [
              {
                Name: 'core',
                InstanceRole: 'CORE' as const,
                InstanceType: e.coreInstanceType,
                InstanceCount: e.coreInstanceCount,
                Market: e.coreMarket,
                BidPrice: e.coreBidPrice,
              },
            ]),
      ],
    },
    Tags: [
      { Key: ClusterTag.workflow, Value: expr('$states.context.StateMachine.Name') },
      { Key: ClusterTag.execution, Value: expr('$states.context.Execution.Id') },
      { Key: EMR_MANAGED_POLICY_TAG, Value: 'true' },
    ],
  } satisfies RunJobFlowCommandInput;
};

const teardownCatch: Catcher[] = [
  {
    ErrorEquals: [StatesError.ALL],
    Assign: { failure: expr('$states.errorOutput') },
    Next: 'TerminateClusterAfterFailure',
  },
];

/** Terminating is idempotent, and a cluster left running costs money: retry anything. */
const terminateRetry: Retrier[] = [idempotentRetry({ intervalSeconds: 10, maxDelaySeconds: 60 })];

export type ClusterStates = {
  create: Named<TaskState>;
  train: Named<TaskState>;
  terminate: Named<TaskState>;
  terminateAfterFailure: Named<TaskState>;
  rethrow: Named<FailState>;
};

export type ClusterConfig = Sections<'emr' | 'training'> &
  TimeoutsOf<'createClusterSeconds' | 'trainSeconds' | 'terminateClusterSeconds'>;

export type ClusterOptions = {
  /** More arguments for the training script, after `--test-fraction` (templates). */
  trainArgs?: readonly (string | JsonataString)[];
};

export const clusterStates = (
  c: ClusterConfig,
  next: string,
  options: ClusterOptions = {},
): ClusterStates => ({
  create: task('CreateCluster', {
    Comment:
      'Waits until the cluster is ready; tagged with the workflow and execution for the reaper',
    Resource: Resource.EmrCreateClusterSync,
    Arguments: toTemplate(runJobFlowRequest(c)),
    TimeoutSeconds: c.timeouts.createClusterSeconds,
    Assign: { clusterId: expr('$states.result.ClusterId') },
    Output: expr(`{ 'clusterId': $states.result.ClusterId }`),
    Next: 'Train',
  }),
  train: task('Train', {
    Comment:
      'spark-submit of the training script over the run window; waits for the step to finish',
    Resource: Resource.EmrAddStepSync,
    Arguments: {
      ClusterId: expr('$clusterId'),
      Step: {
        Name: 'train-model',
        // The workflow tears the cluster down itself, after recording the failure.
        ActionOnFailure: 'CONTINUE',
        HadoopJarStep: {
          Jar: 'command-runner.jar',
          Args: [
            'spark-submit',
            '--deploy-mode',
            'cluster',
            ...c.training.sparkSubmitArgs,
            `s3://${ph('DataBucket')}/${c.training.scriptKey}`,
            '--input',
            expr(`$join(${inputPrefixes}, ',')`),
            '--output',
            expr(modelPrefix),
            '--max-depth',
            expr('$string($run.maxDepth)'),
            '--test-fraction',
            expr('$string($run.testFraction)'),
            ...(options.trainArgs ?? []),
          ],
        },
      },
    },
    TimeoutSeconds: c.timeouts.trainSeconds,
    Catch: teardownCatch,
    Next: 'TerminateCluster',
  }),
  terminate: task('TerminateCluster', {
    Resource: Resource.EmrTerminateClusterSync,
    Arguments: { ClusterId: expr('$clusterId') },
    TimeoutSeconds: c.timeouts.terminateClusterSeconds,
    Retry: terminateRetry,
    Catch: teardownCatch,
    Next: next,
  }),
  terminateAfterFailure: task('TerminateClusterAfterFailure', {
    Comment: 'Teardown after a failure; $failure keeps the original error for RethrowFailure',
    Resource: Resource.EmrTerminateClusterSync,
    Arguments: { ClusterId: expr('$clusterId') },
    TimeoutSeconds: c.timeouts.terminateClusterSeconds,
    Retry: terminateRetry,
    // Even if teardown itself fails, report the error that started it (the idle timeout and the
    // reaper still stop the cluster).
    Catch: [{ ErrorEquals: [StatesError.ALL], Next: 'RethrowFailure' }],
    Next: 'RethrowFailure',
  }),
  rethrow: fail('RethrowFailure', {
    Comment: 'Ends the execution with the original error and cause',
    Error: expr('$failure.Error'),
    Cause: expr(`$exists($failure.Cause) ? $failure.Cause : ''`),
  }),
});
