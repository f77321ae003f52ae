/**
 * The stack with every setting changed from its default (an existing subnet, an alert email, a
 * universe large enough for the DISTRIBUTED download Map, other EMR sizes, another schedule),
 * and the cdk-nag wiring of infra/app.ts failing synthesis on an unacknowledged finding.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdkJsonContext, createApp } from '../../infra/app.ts';
import { deploymentConfig } from '../../infra/definition.ts';
import { readSettings } from '../../infra/settings.ts';
import { WORKFLOWS } from '../../workflows/registry.ts';
import { grantsOf, uncoveredBySplit } from './support/grants.ts';
import { PIPELINE_ROLE_BEFORE } from './support/pipeline-role-before.ts';
import {
  asArray,
  resourcesOf,
  roleStatements,
  type Synth,
  synth,
  unacknowledgedFindings,
} from './support/synth.ts';

const TICKERS = 300;
const dir = mkdtempSync(join(tmpdir(), 'infra-universe-'));
const universeFile = join(dir, 'big-universe.csv');
const context = {
  stackName: 'QuantPipe',
  universeFile,
  subnetId: 'subnet-0123456789abcdef0',
  alertEmail: 'quant@example.com',
  spot: 'false',
  masterInstanceType: 'm6g.xlarge',
  coreInstanceType: 'r6g.2xlarge',
  coreInstanceCount: '3',
  idleTimeoutMinutes: '15',
  schedule: 'cron(30 6 ? * MON-FRI *)',
  scheduleTimezone: 'America/New_York',
  scheduleEnabled: 'false',
  apiKeyParameter: '/quant/alphavantage-key',
  logRetentionDays: '30',
  downloadReservedConcurrency: '60',
};

let s: Synth;
beforeAll(() => {
  const rows = Array.from(
    { length: TICKERS },
    (_, i) => `TST${String(i).padStart(3, '0')},Test ${i}`,
  );
  writeFileSync(universeFile, `ticker,name\n${rows.join('\n')}\n`);
  s = synth(context);
  console.info(`custom stack synthesised in ${s.millis} ms`);
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (s) rmSync(s.app.outdir, { recursive: true, force: true });
});

const logicalId = (construct: { node: { defaultChild?: unknown } }): string => {
  const element = construct.node.defaultChild as CfnElement;
  return Stack.of(element).getLogicalId(element);
};

/** A workflow's state machine (the template has one per registered workflow). */
const definition = (workflow = 'market-data-pipeline') => {
  const entry = resourcesOf(s.template, 'AWS::StepFunctions::StateMachine').find(
    ([id]) => id === logicalId(s.stack.deployment(workflow).machine.stateMachine),
  );
  return entry?.[1].Properties as {
    DefinitionString: string;
    DefinitionSubstitutions: Record<string, unknown>;
    StateMachineName: string;
  };
};

const roleOf = (workflow: string) =>
  roleStatements(s.template, logicalId(s.stack.deployment(workflow).machine.role));

describe('a customised deployment', () => {
  it('deploys the definitions workflows/ builds for these settings, every workflow', () => {
    const settings = readSettings((key) => (context as Record<string, unknown>)[key]);
    for (const workflow of WORKFLOWS) {
      const expected = workflow.buildAdjusted((c) => deploymentConfig(c, settings, TICKERS));
      expect(JSON.parse(definition(workflow.name).DefinitionString)).toStrictEqual(
        expected.definition,
      );
    }
    // The 300-ticker universe makes collect-bars download DISTRIBUTED.
    expect(
      JSON.parse(definition('collect-bars').DefinitionString).States.DownloadTickers,
    ).toMatchObject({ ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' } } });
  });

  it('sizes the cluster from context in train-model: On-Demand core nodes, instance types, idle timeout', () => {
    const create = JSON.parse(definition('train-model').DefinitionString).States.CreateCluster
      .Arguments;
    expect(create.AutoTerminationPolicy).toStrictEqual({ IdleTimeout: 900 });
    expect(create.Instances.InstanceGroups).toStrictEqual([
      expect.objectContaining({
        InstanceRole: 'MASTER',
        InstanceType: 'm6g.xlarge',
        Market: 'ON_DEMAND',
      }),
      expect.objectContaining({
        InstanceRole: 'CORE',
        InstanceType: 'r6g.2xlarge',
        InstanceCount: 3,
        Market: 'ON_DEMAND',
      }),
    ]);
  });

  it('uses the given subnet and creates no VPC', () => {
    expect(definition('train-model').DefinitionSubstitutions.EmrSubnetId).toBe(
      'subnet-0123456789abcdef0',
    );
    s.template.resourceCountIs('AWS::EC2::VPC', 0);
  });

  it('reserves the download function the concurrency context asks for (hardening 3)', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('download one ticker'),
      ReservedConcurrentExecutions: 60,
    });
  });

  it('names the state machine after the stack', () => {
    expect(definition().StateMachineName).toBe('QuantPipe-Pipeline');
  });

  it('subscribes the alert email to the topic', () => {
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'quant@example.com',
      TopicArn: { Ref: logicalId(s.stack.alerts.topic) },
    });
  });

  it('creates the schedule disabled, with the given expression and time zone', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 6 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'America/New_York',
      State: 'DISABLED',
    });
  });

  it("lets collect-bars' DISTRIBUTED Map start only child executions of its own state machine", () => {
    const statements = roleOf('collect-bars');
    const start = statements.filter((st) =>
      asArray(st.Action as string | string[]).includes('states:StartExecution'),
    );
    expect(start.map((st) => JSON.stringify(st.Resource))).toStrictEqual([
      expect.stringMatching(/:stateMachine:QuantPipe-collect-bars"\]\]\}$/),
    ]);
    const describe = statements.filter((st) =>
      asArray(st.Action as string | string[]).includes('states:DescribeExecution'),
    );
    const resources = describe.flatMap((st) => asArray(st.Resource)).map((r) => JSON.stringify(r));
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources)
      expect(r).toMatch(/:execution:QuantPipe-collect-bars(\/DownloadTickers)?:\*"/);
  });

  it('grants collect-bars S3 only on the config/ and manifests/ prefixes its definition reads and writes', () => {
    const statements = roleOf('collect-bars');
    const s3 = statements.filter((st) =>
      asArray(st.Action as string | string[]).some((a) => a.startsWith('s3:')),
    );
    // The first key segment of each object grant: a prefix (`manifests/*`) or an exact key
    // under one (`config/universe.csv`, the one universe file the ItemReader may read).
    const prefixes = s3
      .flatMap((st) => asArray(st.Resource))
      .map((r) => JSON.stringify(r).match(/"\/([a-z]+\/)[^"]*"/)?.[1])
      .sort();
    expect([...new Set(prefixes)]).toStrictEqual(['config/', 'manifests/']);
  });

  it("covers the hand-written pipeline role with its children's roles, config/* narrowed to the universe file", () => {
    const before = grantsOf(PIPELINE_ROLE_BEFORE.distributed);
    const children = ['collect-bars', 'train-model'].map((w) => ({
      machine: `QuantPipe-${w}`,
      grants: grantsOf(roleOf(w)),
    }));
    const bucket = `<${logicalId(s.stack.storage.dataBucket as never)}.Arn>`;
    // The ItemReader's $tickerFile is assigned config/universe.csv or a manifests/ key: the old
    // grant on all of config/* was broader than the definition needs.
    expect(uncoveredBySplit(before, 'QuantPipe-Pipeline', children)).toStrictEqual([
      { action: 's3:GetObject', resource: `${bucket}/config/*`, condition: '{}' },
    ]);
    expect(children[0]?.grants).toContainEqual({
      action: 's3:GetObject',
      resource: `${bucket}/config/universe.csv`,
      condition: '{}',
    });
  });

  it('gives the composed pipeline only what starting its two children takes', () => {
    const grants = grantsOf(roleOf('market-data-pipeline'));
    expect([...new Set(grants.map((g) => g.action))].sort()).toStrictEqual(
      [...new Set(grants.map((g) => g.action))]
        .filter(
          (a) =>
            a.startsWith('states:') ||
            a.startsWith('events:') ||
            a.startsWith('logs:') ||
            a.startsWith('xray:'),
        )
        .sort(),
    );
    const start = grants.filter((g) => g.action === 'states:StartExecution').map((g) => g.resource);
    expect(start).toHaveLength(2);
    expect(start.some((r) => r.includes(':stateMachine:QuantPipe-collect-bars'))).toBe(true);
    expect(start.some((r) => r.includes(':stateMachine:QuantPipe-train-model'))).toBe(true);
  });

  it('still leaves no AwsSolutions finding unacknowledged', () => {
    expect(unacknowledgedFindings(s.app)).toStrictEqual([]);
  });
});

describe('cdk-nag in infra/app.ts', () => {
  it('fails synthesis on an unacknowledged finding', () => {
    const { app, stack } = createApp(cdkJsonContext(), {});
    new Queue(stack, 'UnacknowledgedQueue');
    try {
      expect(() => Template.fromStack(stack)).toThrow(
        /AwsSolutions-SQS3[\s\S]*UnacknowledgedQueue/,
      );
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
    // A whole synthesis (bundles reused from this file's first one): tens of seconds on a busy machine.
  }, 300_000);
});
