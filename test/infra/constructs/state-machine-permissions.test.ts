/**
 * The role derivation on a bare stack (no synthesis): which statements each kind of call gets,
 * and which definitions are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdkJsonContext } from '../../../infra/app.ts';
import {
  EMR_SYNC_RULES,
  NESTED_SYNC_RULE,
  stateMachinePermissions,
} from '../../../infra/constructs/state-machine-permissions.ts';

/** `${Name}`, a definition substitution. */
const ph = (name: string): string => `\${${name}}`;

const task = (Resource: string, Arguments: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource,
  Arguments,
});
/** Tasks chained in order. */
const machine = (...tasks: Array<[string, Record<string, unknown>]>) => ({
  StartAt: tasks[0]?.[0],
  States: Object.fromEntries(
    tasks.map(([name, t], i) => [
      name,
      { ...t, ...(i + 1 < tasks.length ? { Next: tasks[i + 1]?.[0] } : { End: true }) },
    ]),
  ),
});

// One app for every test, with cdk.json's flags (partition literals) as in the real app and an
// output directory the file removes (an App without one creates a temporary directory).
let app: App;
let outdir: string;
let stacks = 0;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'infra-permissions-'));
  app = new App({ context: cdkJsonContext(), outdir });
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const derive = (definition: object) => {
  stacks += 1;
  const stack = new Stack(app, `T${stacks}`, {
    env: { region: 'eu-west-2', account: '123456789012' },
  });
  const data = Bucket.fromBucketName(stack, 'Data', 'data');
  const permissions = stateMachinePermissions(stack, {
    stateMachineName: 'T-wf',
    definition,
    functions: { Fn: 'arn:aws:lambda:eu-west-2:123456789012:function:fn' },
    buckets: { DataBucket: data },
    dataBucket: data,
    stateMachines: { ChildStateMachineArn: 'T-child' },
    serviceRoleArn: 'arn:aws:iam::123456789012:role/emr-service',
    instanceRoleArn: 'arn:aws:iam::123456789012:role/emr-instance',
  });
  const statements = permissions.statements.map(
    (st) =>
      stack.resolve(st.toStatementJson()) as { Sid: string; Action: unknown; Resource: unknown },
  );
  return { ...permissions, statements, sids: statements.map((st) => st.Sid) };
};

describe('stateMachinePermissions', () => {
  it('invokes exactly the functions the placeholders name', () => {
    const { statements } = derive(
      machine(['A', task('arn:aws:states:::lambda:invoke', { FunctionName: ph('Fn') })]),
    );
    expect(statements).toStrictEqual([
      {
        Sid: 'InvokeTaskFunctions',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: 'arn:aws:lambda:eu-west-2:123456789012:function:fn',
      },
    ]);
  });

  it('grants terminateCluster without .sync no rule and no DescribeCluster', () => {
    const { statements } = derive(
      machine(['T', task('arn:aws:states:::elasticmapreduce:terminateCluster')]),
    );
    expect(statements.map((st) => [st.Sid, st.Action])).toStrictEqual([
      ['ManageOwnClusters', 'elasticmapreduce:TerminateJobFlows'],
    ]);
  });

  it('grants createCluster.sync the tagged RunJobFlow, both PassRoles, the SLR and its rule', () => {
    const { sids, statements, starReasons } = derive(
      machine(['C', task('arn:aws:states:::elasticmapreduce:createCluster.sync')]),
    );
    expect(sids).toStrictEqual([
      'CreateTaggedClusters',
      'ManageOwnClusters',
      'EmrSyncEventRules',
      'PassEmrServiceRole',
      'PassEmrInstanceRole',
      'EmrCleanupServiceLinkedRole',
    ]);
    expect(JSON.stringify(statements[2]?.Resource)).toContain(EMR_SYNC_RULES[0]);
    expect(starReasons).toHaveLength(1);
  });

  it('grants an async startExecution only StartExecution on the child', () => {
    const { statements } = derive(
      machine([
        'S',
        task('arn:aws:states:::states:startExecution', {
          StateMachineArn: ph('ChildStateMachineArn'),
        }),
      ]),
    );
    expect(statements).toStrictEqual([
      {
        Sid: 'StartNestedWorkflows',
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: 'arn:aws:states:eu-west-2:123456789012:stateMachine:T-child',
      },
    ]);
  });

  it('grants a .sync startExecution the child executions and the nested managed rule', () => {
    const { statements } = derive(
      machine([
        'S',
        task('arn:aws:states:::states:startExecution.sync', {
          StateMachineArn: ph('ChildStateMachineArn'),
        }),
      ]),
    );
    expect(statements.map((st) => [st.Sid, st.Resource])).toStrictEqual([
      ['StartNestedWorkflows', 'arn:aws:states:eu-west-2:123456789012:stateMachine:T-child'],
      ['ManageNestedExecutions', 'arn:aws:states:eu-west-2:123456789012:execution:T-child:*'],
      ['NestedSyncEventRule', `arn:aws:events:eu-west-2:123456789012:rule/${NESTED_SYNC_RULE}`],
    ]);
  });

  it('lists the bucket for listObjectsV2, conditioned on the literal prefix', () => {
    const { statements } = derive(
      machine([
        'L',
        task('arn:aws:states:::aws-sdk:s3:listObjectsV2', {
          Bucket: ph('DataBucket'),
          Prefix: 'raw/',
        }),
      ]),
    );
    expect(statements).toStrictEqual([
      expect.objectContaining({
        Sid: 'S3ListBucket',
        Action: 's3:ListBucket',
        Condition: { StringLike: { 's3:prefix': ['raw/*'] } },
      }),
    ]);
  });

  it.each([
    [
      'a FunctionName that is no task function placeholder',
      task('arn:aws:states:::lambda:invoke', {
        FunctionName: 'arn:aws:lambda:eu-west-2:1:function:x',
      }),
      /State 'X': FunctionName must be one of \$\{Fn\}/,
    ],
    [
      'a child state machine computed at run time',
      task('arn:aws:states:::states:startExecution.sync:2', {
        StateMachineArn: '{% $states.input.arn %}',
      }),
      /State 'X': StateMachineArn must be one of \$\{ChildStateMachineArn\}/,
    ],
    [
      'a literal bucket name',
      task('arn:aws:states:::aws-sdk:s3:getObject', { Bucket: 'someone-elses', Key: 'k' }),
      /State 'X': Bucket must be one of \$\{DataBucket\}/,
    ],
    [
      'an S3 action with no mapping',
      task('arn:aws:states:::aws-sdk:s3:deleteBucket', { Bucket: ph('DataBucket') }),
      /State 'X': aws-sdk:s3:deleteBucket has no IAM mapping/,
    ],
  ])('refuses %s, naming the state', (_, state, message) => {
    expect(() => derive(machine(['X', state]))).toThrow(message);
  });
});
