/**
 * The stack over a fixture registry (support/fixture-workflows.ts): the registered workflows (the
 * composed pipeline needs the two it starts), `fetch-only` (Lambda and S3, no EMR, scheduled) and
 * `starter` (starts fetch-only with .sync:2). Each role
 * holds exactly what its definition calls; schedules follow the per-workflow context keys; every
 * machine gets an output and alerts; cdk-nag stays clean.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateMachineOutputKey } from '../../contracts/deployment.ts';
import { cdkJsonContext, PROJECT_ROOT } from '../../infra/app.ts';
import { NESTED_SYNC_RULE } from '../../infra/constructs/state-machine-permissions.ts';
import { readSettings } from '../../infra/settings.ts';
import { MarketPipelineStack } from '../../infra/stack.ts';
import { marketDataPipeline } from '../../workflows/market-data-pipeline.ts';
import { WORKFLOWS as REGISTERED } from '../../workflows/registry.ts';
import { broken, fetchOnly, starter } from './support/fixture-workflows.ts';
import { type Grant, grantsOf } from './support/grants.ts';
import {
  resourcesOf,
  roleStatements,
  type Synth,
  synth,
  unacknowledgedFindings,
} from './support/synth.ts';

const WORKFLOWS = [...REGISTERED, fetchOnly, starter];
const context = {
  'schedule:fetch-only': 'cron(0 6 ? * MON-FRI *)',
  'scheduleEnabled:fetch-only': 'false',
};

let s: Synth;
beforeAll(() => {
  s = synth(context, WORKFLOWS);
  console.info(`fixture-registry stack synthesised in ${s.millis} ms`);
}, 300_000);

afterAll(() => {
  if (s) rmSync(s.app.outdir, { recursive: true, force: true });
});

const logicalId = (construct: { node: { defaultChild?: unknown } }): string => {
  const element = construct.node.defaultChild as CfnElement;
  return Stack.of(element).getLogicalId(element);
};

const sorted = (grants: Grant[]): Grant[] =>
  [...grants].sort((a, b) =>
    `${a.action} ${a.resource}`.localeCompare(`${b.action} ${b.resource}`),
  );

/** The role's grants, sorted, without the logging and tracing every state machine role has. */
const grantsOfWorkflow = (workflow: string): Grant[] =>
  sorted(
    grantsOf(
      roleStatements(s.template, logicalId(s.stack.deployment(workflow).machine.role)),
    ).filter((g) => !g.action.startsWith('logs:') && !g.action.startsWith('xray:')),
  );

const arn = (kind: string, name: string) =>
  `arn:aws:states:eu-west-2:<AWS::AccountId>:${kind}:${name}`;

describe('a stack of the registered workflows and two fixtures', () => {
  it('deploys one state machine per workflow, named <stack>-<workflow>', () => {
    const names = resourcesOf(s.template, 'AWS::StepFunctions::StateMachine').map(
      ([, r]) => r.Properties?.StateMachineName,
    );
    expect(names.sort()).toStrictEqual([
      'MarketPipeline-Pipeline',
      'MarketPipeline-collect-bars',
      'MarketPipeline-fetch-only',
      'MarketPipeline-starter',
      'MarketPipeline-train-model',
    ]);
  });

  it('gives the workflow that calls no EMR no EMR, PassRole or event-rule permission', () => {
    expect(grantsOfWorkflow('fetch-only').map((g) => g.action)).not.toContainEqual(
      expect.stringMatching(/^(elasticmapreduce|iam|events|states):/),
    );
  });

  it('gives it exactly its Lambda, its S3 write prefix and its listing prefix', () => {
    const bucket = `<${logicalId(s.stack.storage.dataBucket as never)}.Arn>`;
    expect(grantsOfWorkflow('fetch-only')).toStrictEqual(
      sorted([
        {
          action: 'lambda:InvokeFunction',
          resource: `<${logicalId(s.stack.lambdas.prepareInput.fn)}.Arn>`,
          condition: '{}',
        },
        { action: 's3:PutObject', resource: `${bucket}/raw/fixture/*`, condition: '{}' },
        {
          action: 's3:ListBucket',
          resource: bucket,
          condition: JSON.stringify({ StringLike: { 's3:prefix': ['raw/fixture/*'] } }),
        },
      ]),
    );
  });

  it('lets the starter start exactly fetch-only, follow its executions and use the .sync rule', () => {
    expect(grantsOfWorkflow('starter')).toStrictEqual(
      sorted([
        {
          action: 'states:StartExecution',
          resource: arn('stateMachine', 'MarketPipeline-fetch-only'),
          condition: '{}',
        },
        {
          action: 'states:DescribeExecution',
          resource: arn('execution', 'MarketPipeline-fetch-only:*'),
          condition: '{}',
        },
        {
          action: 'states:StopExecution',
          resource: arn('execution', 'MarketPipeline-fetch-only:*'),
          condition: '{}',
        },
        ...['events:PutTargets', 'events:PutRule', 'events:DescribeRule'].map((action) => ({
          action,
          resource: `arn:aws:events:eu-west-2:<AWS::AccountId>:rule/${NESTED_SYNC_RULE}`,
          condition: '{}',
        })),
      ]),
    );
  });

  it("substitutes the child's state machine ARN into the starter's definition", () => {
    expect(s.stack.deployment('starter').substitutions).toStrictEqual({
      FetchOnlyStateMachineArn: expect.any(String),
    });
    const machine = resourcesOf(s.template, 'AWS::StepFunctions::StateMachine').find(
      ([id]) => id === logicalId(s.stack.deployment('starter').machine.stateMachine),
    )?.[1];
    expect(machine?.Properties?.DefinitionSubstitutions).toStrictEqual({
      FetchOnlyStateMachineArn: {
        'Fn::Join': [
          '',
          [
            'arn:aws:states:eu-west-2:',
            { Ref: 'AWS::AccountId' },
            ':stateMachine:MarketPipeline-fetch-only',
          ],
        ],
      },
    });
  });

  it('adds a reaper only for the workflow that creates clusters', () => {
    expect(
      [...s.stack.deployments].filter(([, d]) => d.reaper !== undefined).map(([name]) => name),
    ).toStrictEqual(['train-model']);
  });

  it('alerts on every state machine, handing only cluster-creating ones to a reaper', () => {
    for (const workflow of ['fetch-only', 'starter']) {
      s.template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: Match.objectLike({
          detail: Match.objectLike({
            stateMachineArn: [
              { Ref: logicalId(s.stack.deployment(workflow).machine.stateMachine) },
            ],
          }),
        }),
        Targets: [Match.objectLike({ Arn: { Ref: logicalId(s.stack.alerts.topic) } })],
      });
    }
    expect(s.stack.alerts.watched.get('fetch-only')?.reaperErrorsAlarm).toBeUndefined();
  });
});

describe('schedules', () => {
  const schedules = () =>
    resourcesOf(s.template, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties ?? {});

  it('schedules the three workflows that declare a schedule, and not the starter', () => {
    expect(schedules()).toHaveLength(3);
  });

  it("takes a workflow's expression and state from its own context keys", () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'DISABLED',
      Target: Match.objectLike({
        Arn: { Ref: logicalId(s.stack.deployment('fetch-only').machine.stateMachine) },
      }),
    });
  });

  it("leaves the pipeline's schedule at its registry default", () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(11 5 ? * SAT *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { Ref: logicalId(s.stack.pipeline.stateMachine) } }),
    });
  });
});

describe('outputs and cdk-nag', () => {
  it('exports one state machine ARN per workflow under a key derived from its name', () => {
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toStrictEqual(
      [
        'AlertTopicArn',
        'CollectBarsStateMachineArn',
        'DataBucketName',
        'FetchOnlyStateMachineArn',
        'TrainModelStateMachineArn',
        'LogsBucketName',
        'StarterStateMachineArn',
        'StateMachineArn',
      ].sort(),
    );
    for (const w of WORKFLOWS) {
      expect(outputs[stateMachineOutputKey(w.name)]?.Value).toStrictEqual({
        Ref: logicalId(s.stack.deployment(w.name).machine.stateMachine),
      });
    }
  });

  it('leaves no AwsSolutions finding unacknowledged', () => {
    expect(unacknowledgedFindings(s.app)).toStrictEqual([]);
  });
});

describe('synthesis refuses', () => {
  it('a workflow that starts one the stack does not deploy, naming both', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'infra-orphan-'));
    try {
      const workflows = [marketDataPipeline, fetchOnly];
      const app = new App({ outdir, context: cdkJsonContext() });
      const settings = readSettings((key) => app.node.tryGetContext(key), {}, { workflows });
      expect(
        () =>
          new MarketPipelineStack(app, 'Orphan', {
            settings,
            projectRoot: PROJECT_ROOT,
            workflows,
            env: { region: settings.region },
          }),
      ).toThrow(
        "workflow 'market-data-pipeline' starts the state machine(s) [CollectBarsStateMachineArn, TrainModelStateMachineArn], which this stack does not deploy (deployed: market-data-pipeline, fetch-only): deploy the workflows it starts with it",
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 300_000);

  it('a Task resource with no IAM mapping, naming the state and the resource', () => {
    // Built by hand (not createApp) to give the app an output directory this test removes.
    const outdir = mkdtempSync(join(tmpdir(), 'infra-broken-'));
    try {
      const workflows = [...REGISTERED, broken];
      const app = new App({ outdir, context: cdkJsonContext() });
      const settings = readSettings((key) => app.node.tryGetContext(key), {}, { workflows });
      expect(
        () =>
          new MarketPipelineStack(app, 'Broken', {
            settings,
            projectRoot: PROJECT_ROOT,
            workflows,
            env: { region: settings.region },
          }),
      ).toThrow(/State 'Notify': Resource "arn:aws:states:::sqs:sendMessage" has no IAM mapping/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 300_000);
});
