/**
 * Facts about the synthesised stack with the default settings (cdk.json context only). One
 * synthesis is shared by every test in this file.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterTag } from '../../contracts/cluster-tags.ts';
import {
  DEFAULT_STACK_NAME,
  PIPELINE_WORKFLOW,
  stateMachineName,
  stateMachineOutputKey,
} from '../../contracts/deployment.ts';
import { LAMBDA_MEMORY_MB } from '../../contracts/lambda-env.ts';
import { COLLECT_BARS_MANIFEST_PREFIX } from '../../contracts/manifest.ts';
import { cdkJsonContext, createApp } from '../../infra/app.ts';
import { EMR_SYNC_RULES } from '../../infra/constructs/state-machine-permissions.ts';
import { downloadMapConcurrency, substitute } from '../../infra/definition.ts';
import { DEFAULT_SETTINGS } from '../../infra/settings.ts';
import { buildCollectBars } from '../../workflows/collect-bars/collect-bars.ts';
import { defaultCollectBarsConfig } from '../../workflows/collect-bars/config.ts';
import { MARKET_DATA_PIPELINE_PLACEHOLDERS } from '../../workflows/market-data-pipeline.ts';
import { findWorkflow, WORKFLOWS } from '../../workflows/registry.ts';
import { grantsOf, uncovered, uncoveredBySplit } from './support/grants.ts';
import { PIPELINE_ROLE_BEFORE } from './support/pipeline-role-before.ts';
import {
  allFindings,
  asArray,
  iamStatements,
  resourcesOf,
  roleStatements,
  type Synth,
  synth,
  unacknowledgedFindings,
} from './support/synth.ts';

const SNAPSHOT = resolve(import.meta.dirname, '../../asl-snapshots/market-data-pipeline.asl.json');

let s: Synth;
beforeAll(() => {
  s = synth();
  console.info(`default stack synthesised in ${s.millis} ms`);
}, 300_000);

afterAll(() => {
  if (s) rmSync(s.app.outdir, { recursive: true, force: true });
});

const logicalId = (construct: { node: { defaultChild?: unknown } } | CfnElement): string => {
  const element = (
    'logicalId' in construct ? construct : construct.node.defaultChild
  ) as CfnElement;
  return Stack.of(element).getLogicalId(element);
};

/** The pipeline's state machine (the template has one per registered workflow). */
const stateMachine = () => {
  const entry = resourcesOf(s.template, 'AWS::StepFunctions::StateMachine').find(
    ([id]) => id === logicalId(s.stack.pipeline.stateMachine),
  );
  if (!entry) throw new Error('no pipeline state machine in the template');
  return entry[1].Properties as {
    DefinitionString: string;
    DefinitionSubstitutions: Record<string, unknown>;
    StateMachineType: string;
    StateMachineName: string;
    LoggingConfiguration: { Level: string; IncludeExecutionData: boolean };
    TracingConfiguration: { Enabled: boolean };
    RoleArn: unknown;
  };
};

/** train-model creates the clusters the pipeline trains on: its machine, role and reaper. */
const TRAIN = 'train-model';
const train = () => s.stack.deployment(TRAIN);
const trainMachine = () => {
  const id = logicalId(train().machine.stateMachine);
  return resourcesOf(s.template, 'AWS::StepFunctions::StateMachine').find(
    ([key]) => key === id,
  )?.[1].Properties as {
    DefinitionString: string;
    DefinitionSubstitutions: Record<string, unknown>;
  };
};
const trainReaper = () => {
  const reaper = train().reaper;
  if (reaper === undefined) throw new Error('train-model has no reaper');
  return reaper;
};

/** A CloudFormation value as a JSON-safe marker, to substitute and compare definitions. */
const sentinel = (value: unknown): string => `<${JSON.stringify(value).replace(/"/g, "'")}>`;
const sentinels = () =>
  Object.fromEntries(
    Object.entries(stateMachine().DefinitionSubstitutions).map(([k, v]) => [k, sentinel(v)]),
  );

describe('state machine', () => {
  it('deploys exactly the committed snapshot, placeholders included', () => {
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8'));
    expect(JSON.parse(stateMachine().DefinitionString)).toStrictEqual(snapshot);
  });

  it('supplies a substitution for every declared placeholder and for nothing else', () => {
    expect(Object.keys(stateMachine().DefinitionSubstitutions).sort()).toStrictEqual(
      [...MARKET_DATA_PIPELINE_PLACEHOLDERS].sort(),
    );
  });

  it('equals the snapshot after substitution and leaves no placeholder behind', () => {
    const values = sentinels();
    const deployed = substitute(stateMachine().DefinitionString, values);
    const snapshot = substitute(readFileSync(SNAPSHOT, 'utf8'), values);
    expect(deployed).not.toMatch(/\$\{[^}]*\}/);
    expect(JSON.parse(deployed)).toStrictEqual(JSON.parse(snapshot));
  });

  it('points each placeholder at the resource it names', () => {
    const { storage, lambdas, emr } = s.stack;
    const machineArn = (workflow: string) =>
      expect.objectContaining({
        'Fn::Join': [
          '',
          expect.arrayContaining([
            `:stateMachine:${stateMachineName(DEFAULT_STACK_NAME, workflow)}`,
          ]),
        ],
      });
    expect(stateMachine().DefinitionSubstitutions).toStrictEqual({
      CollectBarsStateMachineArn: machineArn('collect-bars'),
      TrainModelStateMachineArn: machineArn('train-model'),
    });
    expect(trainMachine().DefinitionSubstitutions).toStrictEqual({
      DataBucket: { Ref: logicalId(storage.dataBucket) },
      LogsBucket: { Ref: logicalId(storage.logsBucket) },
      PrepareInputFunctionArn: { 'Fn::GetAtt': [logicalId(lambdas.prepareInput.fn), 'Arn'] },
      EmrServiceRole: { Ref: logicalId(emr.serviceRole) },
      EmrInstanceProfile: { Ref: logicalId(emr.instanceProfile) },
      EmrSubnetId: { Ref: logicalId(s.stack.network.vpc?.publicSubnets[0] as never) },
      EmrSecurityConfiguration: { Ref: logicalId(emr.securityConfiguration) },
    });
    expect(s.stack.deployment('collect-bars').substitutions.DownloadFunctionArn).toBeDefined();
  });

  it('launches clusters with the stack security configuration (at-rest encryption, IMDSv2)', () => {
    const sm = trainMachine();
    const values = Object.fromEntries(
      Object.entries(sm.DefinitionSubstitutions).map(([k, v]) => [k, sentinel(v)]),
    );
    const create = JSON.parse(substitute(sm.DefinitionString, values)).States.CreateCluster;
    expect(create.Arguments.SecurityConfiguration).toBe(
      sentinel({ Ref: logicalId(s.stack.emr.securityConfiguration) }),
    );
  });

  it('is a Standard state machine logging ALL with execution data, traced by X-Ray', () => {
    const sm = stateMachine();
    expect([
      sm.StateMachineType,
      sm.LoggingConfiguration.Level,
      sm.LoggingConfiguration.IncludeExecutionData,
      sm.TracingConfiguration.Enabled,
    ]).toStrictEqual(['STANDARD', 'ALL', true, true]);
  });

  it('takes its execution timeout from the definition', () => {
    expect(JSON.parse(stateMachine().DefinitionString).TimeoutSeconds).toBe(
      s.stack.build.definition.TimeoutSeconds,
    );
    expect(s.stack.build.definition.TimeoutSeconds).toBeGreaterThan(0);
  });

  it('keeps its log group for a set retention under /aws/vendedlogs/states/', () => {
    s.template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/vendedlogs/states/${s.stack.stateMachineName}`,
      RetentionInDays: DEFAULT_SETTINGS.logRetentionDays,
    });
  });

  it('tags clusters with the same keys the reaper searches for', () => {
    const definition = JSON.stringify(train().build.definition);
    const missing = Object.values(ClusterTag).filter(
      (key) => !definition.includes(`"Key":"${key}"`),
    );
    expect(missing).toStrictEqual([]);
  });
});

describe('every registered workflow', () => {
  const machines = () => resourcesOf(s.template, 'AWS::StepFunctions::StateMachine');
  const machineOf = (workflow: string) => {
    const id = logicalId(s.stack.deployment(workflow).machine.stateMachine);
    return machines().find(([key]) => key === id)?.[1].Properties as {
      DefinitionString: string;
      DefinitionSubstitutions?: Record<string, unknown>;
      StateMachineName: string;
      RoleArn: unknown;
    };
  };

  it('gets one state machine, named <stack>-<workflow> (the pipeline keeps <stack>-Pipeline)', () => {
    expect(
      machines()
        .map(([, r]) => r.Properties?.StateMachineName)
        .sort(),
    ).toStrictEqual(WORKFLOWS.map((w) => stateMachineName(DEFAULT_STACK_NAME, w.name)).sort());
    expect(machineOf(PIPELINE_WORKFLOW).StateMachineName).toBe('MarketPipeline-Pipeline');
  });

  it.each(WORKFLOWS.map((w) => [w.name, w.snapshots[0]?.file]))(
    '%s deploys its committed default snapshot %s',
    (name, file) => {
      const snapshot = readFileSync(
        resolve(import.meta.dirname, '../../asl-snapshots', String(file)),
        'utf8',
      );
      expect(JSON.parse(machineOf(name).DefinitionString)).toStrictEqual(JSON.parse(snapshot));
    },
  );

  it.each(WORKFLOWS.map((w) => [w.name]))(
    '%s gets a substitution for exactly the placeholders it declares',
    (name) => {
      const declared = [...findWorkflow(name).buildDefault().placeholders].sort();
      expect(Object.keys(machineOf(name).DefinitionSubstitutions ?? {}).sort()).toStrictEqual(
        declared,
      );
    },
  );

  it('gives each state machine a role of its own', () => {
    const roles = machines().map(([, r]) => JSON.stringify(r.Properties?.RoleArn));
    expect(new Set(roles).size).toBe(WORKFLOWS.length);
  });
});

describe('IAM', () => {
  const roleOf = (workflow: string) =>
    roleStatements(s.template, logicalId(s.stack.deployment(workflow).machine.role));
  const sfnRole = () => roleOf(TRAIN);
  const withAction = (statements: Array<Record<string, unknown>>, action: string) =>
    statements.filter((st) => asArray(st.Action as string | string[]).includes(action));

  it('has no statement allowing every action', () => {
    const wide = iamStatements(s.template).filter(({ statement }) =>
      asArray(statement.Action as string | string[]).some((a) => a === '*' || a.endsWith(':*')),
    );
    expect(wide).toStrictEqual([]);
  });

  it("covers the hand-written pipeline role with its children's roles (INLINE)", () => {
    const before = grantsOf(PIPELINE_ROLE_BEFORE.inline);
    const children = ['collect-bars', TRAIN].map((w) => ({
      machine: stateMachineName(DEFAULT_STACK_NAME, w),
      grants: grantsOf(roleOf(w)),
    }));
    expect(uncoveredBySplit(before, 'MarketPipeline-Pipeline', children)).toStrictEqual([]);
    // What the children hold beyond it: the run manifest collect-bars writes, the listings and
    // the manifest read of train-model's data gate, all in the data bucket.
    const beyond = children.flatMap((c) =>
      uncovered(
        c.grants,
        before.map((g) => ({
          ...g,
          resource: g.resource.split('MarketPipeline-Pipeline').join(c.machine),
          condition: g.condition.split('MarketPipeline-Pipeline').join(c.machine),
        })),
      ),
    );
    expect([...new Set(beyond.map((g) => g.action))].sort()).toStrictEqual(
      [...new Set(beyond.map((g) => g.action))].filter((a) => a.startsWith('s3:')).sort(),
    );
    expect(beyond.length).toBeGreaterThan(0);
  });

  it('passes only the two EMR roles, each with an iam:PassedToService condition', () => {
    const passRole = withAction(sfnRole(), 'iam:PassRole');
    expect(passRole).toStrictEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [logicalId(s.stack.emr.serviceRole), 'Arn'] },
        Condition: { StringLike: { 'iam:PassedToService': 'elasticmapreduce.amazonaws.com*' } },
      }),
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [logicalId(s.stack.emr.instanceRole), 'Arn'] },
        Condition: { StringLike: { 'iam:PassedToService': 'ec2.amazonaws.com*' } },
      }),
    ]);
  });

  it('never passes a role without an iam:PassedToService condition anywhere in the stack', () => {
    const unconditioned = iamStatements(s.template).filter(
      ({ statement }) =>
        asArray(statement.Action as string | string[]).includes('iam:PassRole') &&
        !JSON.stringify(statement.Condition ?? {}).includes('iam:PassedToService'),
    );
    expect(unconditioned).toStrictEqual([]);
  });

  it('lets collect-bars invoke only the two task functions, train-model only prepare-input', () => {
    const { lambdas } = s.stack;
    const invoked = (workflow: string) =>
      withAction(roleOf(workflow), 'lambda:InvokeFunction')
        .flatMap((st) => asArray(st.Resource))
        .map((r) => JSON.stringify(r))
        .sort();
    const arn = (fn: { fn: unknown }) =>
      JSON.stringify({ 'Fn::GetAtt': [logicalId(fn.fn as never), 'Arn'] });
    expect(invoked('collect-bars')).toStrictEqual(
      [arn(lambdas.prepareInput), arn(lambdas.downloadTicker)].sort(),
    );
    expect(invoked(TRAIN)).toStrictEqual([arn(lambdas.prepareInput)]);
  });

  it('limits EMR cluster actions to clusters tagged with this workflow', () => {
    const cluster = [
      'elasticmapreduce:AddJobFlowSteps',
      'elasticmapreduce:CancelSteps',
      'elasticmapreduce:DescribeCluster',
      'elasticmapreduce:DescribeStep',
      'elasticmapreduce:TerminateJobFlows',
    ];
    const statements = cluster.flatMap((action) => withAction(sfnRole(), action));
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Condition).toStrictEqual({
        StringEquals: {
          'elasticmapreduce:ResourceTag/market-pipeline:workflow': train().stateMachineName,
        },
      });
    }
    const granted = new Set(statements.flatMap((st) => asArray(st.Action as string | string[])));
    expect([...granted].filter((a) => cluster.includes(a)).sort()).toStrictEqual(cluster);
  });

  it('creates clusters only with the managed-policy and workflow tags in the request', () => {
    expect(withAction(sfnRole(), 'elasticmapreduce:RunJobFlow')).toStrictEqual([
      expect.objectContaining({
        Resource: '*',
        Condition: {
          StringEquals: {
            'aws:RequestTag/for-use-with-amazon-emr-managed-policies': 'true',
            'aws:RequestTag/market-pipeline:workflow': train().stateMachineName,
          },
        },
      }),
    ]);
  });

  it('manages only the three StepFunctionsGetEventForEMR rules', () => {
    const statements = withAction(sfnRole(), 'events:PutRule');
    const rules = statements.flatMap((st) => asArray(st.Resource)).map((r) => JSON.stringify(r));
    const names = rules.map((r) => /:rule\/([A-Za-z]+)"/.exec(r)?.[1]).sort();
    expect(names).toStrictEqual([...EMR_SYNC_RULES].sort());
  });

  it('gives the composed pipeline no S3, Lambda or EMR permission: it only starts its children', () => {
    const actions = roleOf(PIPELINE_WORKFLOW).flatMap((st) =>
      asArray(st.Action as string | string[]),
    );
    expect(
      actions.filter(
        (a) => a.startsWith('s3:') || a.startsWith('lambda:') || a.startsWith('elasticmapreduce:'),
      ),
    ).toStrictEqual([]);
    const start = withAction(roleOf(PIPELINE_WORKFLOW), 'states:StartExecution')
      .flatMap((st) => asArray(st.Resource))
      .map((r) => JSON.stringify(r));
    expect(start).toHaveLength(2);
    for (const workflow of ['collect-bars', TRAIN]) {
      expect(
        start.filter((r) =>
          r.includes(`:stateMachine:${stateMachineName(DEFAULT_STACK_NAME, workflow)}"`),
        ),
      ).toHaveLength(1);
    }
  });

  it('lets the download Lambda read only its one API-key parameter, by name', () => {
    const statements = roleStatements(s.template, logicalId(s.stack.lambdas.downloadTicker.role));
    expect(withAction(statements, 'ssm:GetParameter')).toStrictEqual([
      expect.objectContaining({
        Resource: {
          'Fn::Join': [
            '',
            [
              `arn:aws:ssm:${DEFAULT_SETTINGS.region}:`,
              { Ref: 'AWS::AccountId' },
              `:parameter${DEFAULT_SETTINGS.apiKeyParameter}`,
            ],
          ],
        },
      }),
    ]);
  });

  it('lets the download Lambda write under raw/ and, for run manifests, manifests/collect-bars/ only', () => {
    const statements = roleStatements(s.template, logicalId(s.stack.lambdas.downloadTicker.role));
    const bucket = logicalId(s.stack.storage.dataBucket);
    const objectsUnder = (prefix: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${prefix}*`]],
    });
    expect(
      withAction(statements, 's3:PutObject').map((st) => [st.Sid, st.Action, st.Resource]),
    ).toStrictEqual([
      [
        'ReadWriteRawBars',
        ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        objectsUnder('raw/'),
      ],
      ['WriteRunObjectLists', 's3:PutObject', objectsUnder(COLLECT_BARS_MANIFEST_PREFIX)],
    ]);
  });

  it('limits the reaper to terminating clusters tagged with this workflow', () => {
    const statements = roleStatements(s.template, logicalId(trainReaper().task.role));
    expect(withAction(statements, 'elasticmapreduce:TerminateJobFlows')).toStrictEqual([
      expect.objectContaining({
        Condition: {
          StringEquals: {
            'elasticmapreduce:ResourceTag/market-pipeline:workflow': train().stateMachineName,
          },
        },
      }),
    ]);
  });
});

describe('buckets', () => {
  it('deny every request not made over TLS, on both buckets', () => {
    const policies = resourcesOf(s.template, 'AWS::S3::BucketPolicy');
    const tlsOnly = policies.filter(([, p]) =>
      JSON.stringify(p.Properties?.PolicyDocument).includes(
        '"Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny"',
      ),
    );
    const buckets = tlsOnly.map(([, p]) => JSON.stringify(p.Properties?.Bucket)).sort();
    expect(buckets).toStrictEqual(
      [s.stack.storage.dataBucket, s.stack.storage.logsBucket]
        .map((b) => JSON.stringify({ Ref: logicalId(b) }))
        .sort(),
    );
  });

  it('block all public access and encrypt at rest', () => {
    const buckets = resourcesOf(s.template, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
      });
    }
  });

  it('version the data bucket and expire its noncurrent versions', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            Status: 'Enabled',
          }),
        ]),
      },
      LoggingConfiguration: { LogFilePrefix: 's3-access/' },
    });
  });

  it('deploy the training code to code/train/ and the universe to config/', () => {
    const prefixes = resourcesOf(s.template, 'Custom::CDKBucketDeployment')
      .map(([, r]) => r.Properties?.DestinationBucketKeyPrefix)
      .sort();
    expect(prefixes).toStrictEqual(['code/train/', 'config/']);
  });

  it('are retained when the stack is destroyed', () => {
    for (const [, bucket] of resourcesOf(s.template, 'AWS::S3::Bucket')) {
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
  });
});

describe('Lambdas', () => {
  const functions = () =>
    [s.stack.lambdas.prepareInput, s.stack.lambdas.downloadTicker, trainReaper().task].map(
      (t) =>
        resourcesOf(s.template, 'AWS::Lambda::Function').find(([id]) => id === logicalId(t.fn))?.[1]
          .Properties as Record<string, unknown>,
    );

  it('run on Node.js 24, arm64, with Powertools settings', () => {
    for (const fn of functions()) {
      expect(fn).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: expect.any(String),
            POWERTOOLS_METRICS_NAMESPACE: 'MarketPipeline',
            POWERTOOLS_LOG_LEVEL: 'INFO',
          },
        },
      });
    }
  });

  it('get the memory the local runtime reports to its handlers (LAMBDA_MEMORY_MB)', () => {
    expect(functions().map((fn) => fn?.MemorySize)).toStrictEqual([
      LAMBDA_MEMORY_MB['prepare-input'],
      LAMBDA_MEMORY_MB['download-ticker'],
      LAMBDA_MEMORY_MB['reap-clusters'],
    ]);
    expect(LAMBDA_MEMORY_MB).toStrictEqual({
      'prepare-input': 256,
      'download-ticker': 512,
      'reap-clusters': 256,
    });
  });

  it('log to their own log group with a retention', () => {
    for (const fn of functions()) {
      const group = (fn.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      s.template.hasResource('AWS::Logs::LogGroup', {
        Properties: { RetentionInDays: DEFAULT_SETTINGS.logRetentionDays },
      });
      expect(s.template.toJSON().Resources[group].Type).toBe('AWS::Logs::LogGroup');
    }
  });

  it('time out before the Task that invokes them does', () => {
    // collect-bars invokes both (the composed pipeline invokes none itself).
    const states = JSON.stringify(s.stack.deployment('collect-bars').build.definition);
    const [prepare, download] = functions();
    const taskTimeout = (placeholder: string) =>
      Number(
        new RegExp(`"FunctionName":"\\$\\{${placeholder}\\}"[^]*?"TimeoutSeconds":(\\d+)`).exec(
          states,
        )?.[1],
      );
    expect(taskTimeout('DownloadFunctionArn')).toBeGreaterThan(0);
    expect(prepare?.Timeout).toBeLessThan(taskTimeout('PrepareInputFunctionArn'));
    expect(download?.Timeout).toBeLessThan(taskTimeout('DownloadFunctionArn'));
  });

  it('receive the API key parameter name, never a key', () => {
    const [, download] = functions();
    expect(
      (download?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
    ).toMatchObject({
      ALPHAVANTAGE_API_KEY_PARAMETER: DEFAULT_SETTINGS.apiKeyParameter,
      DATA_BUCKET: { Ref: logicalId(s.stack.storage.dataBucket) },
    });
  });

  it('bundle into ESM that loads in a fresh Node process and exports handler', () => {
    // Copied under node_modules so the bundle resolves @aws-sdk/* (external: in Lambda the
    // runtime provides it) the way the Lambda runtime would.
    const check = mkdtempSync(
      resolve(import.meta.dirname, '../../node_modules/.infra-bundle-check-'),
    );
    try {
      for (const fn of functions()) {
        const hash = (fn.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
        const target = resolve(check, hash, 'index.mjs');
        mkdirSync(dirname(target));
        copyFileSync(resolve(s.app.outdir, `asset.${hash}`, 'index.mjs'), target);
        const out = execFileSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const m = await import(${JSON.stringify(target)}); console.log(typeof m.handler);`,
          ],
          {
            env: {
              PATH: process.env.PATH ?? '',
              AWS_REGION: 'eu-west-2',
              ...(fn.Environment as { Variables: Record<string, string> }).Variables,
              // CloudFormation references, resolved at deploy time, stand in as plain strings.
              DATA_BUCKET: 'data-bucket',
              STATE_MACHINE_ARN:
                'arn:aws:states:eu-west-2:123456789012:stateMachine:MarketPipeline-Pipeline',
              EMR_SERVICE_ROLE: 'MarketPipeline-EmrServiceRole',
              EMR_INSTANCE_PROFILE: 'MarketPipeline-EmrInstanceProfile',
            },
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        );
        expect(out.trim()).toBe('function');
      }
    } finally {
      rmSync(check, { recursive: true, force: true });
    }
  });

  it('bundle without Docker: each function ships a local esbuild asset', () => {
    for (const fn of functions()) {
      expect(fn.Code).toMatchObject({ S3Key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/) });
    }
  });
});

describe('EMR', () => {
  it('gives the service role AmazonEMRServicePolicy_v2', () => {
    s.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'elasticmapreduce.amazonaws.com' } })],
      }),
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':iam::aws:policy/service-role/AmazonEMRServicePolicy_v2',
            ],
          ],
        },
      ],
    });
  });

  it('lets cluster instances touch only raw/, code/train/ and models/ data and the emr/ logs', () => {
    const statements = roleStatements(s.template, logicalId(s.stack.emr.instanceRole));
    const objects = statements
      .filter((st) => asArray(st.Action as string | string[]).some((a) => a.startsWith('s3:')))
      .flatMap((st) => asArray(st.Resource))
      .map((r) => JSON.stringify(r))
      .filter((r) => r.includes('/*'))
      .map((r) => {
        const bucket = r.includes(logicalId(s.stack.storage.dataBucket)) ? 'data' : 'logs';
        return `${bucket}:${/"\/([a-z/]+\*)"/.exec(r)?.[1]}`;
      });
    expect([...new Set(objects)].sort()).toStrictEqual([
      'data:code/train/*',
      'data:models/*',
      'data:raw/*',
      'logs:emr/*',
    ]);
  });

  it('has a security configuration with at-rest encryption and IMDSv2 only', () => {
    s.template.hasResourceProperties('AWS::EMR::SecurityConfiguration', {
      SecurityConfiguration: Match.objectLike({
        EncryptionConfiguration: Match.objectLike({
          EnableAtRestEncryption: true,
          AtRestEncryptionConfiguration: Match.objectLike({
            LocalDiskEncryptionConfiguration: Match.objectLike({ EnableEbsEncryption: true }),
          }),
        }),
        InstanceMetadataServiceConfiguration: {
          MinimumInstanceMetadataServiceVersion: 2,
          HttpPutResponseHopLimit: 1,
        },
      }),
    });
  });

  it('tags the VPC and its subnets for AmazonEMRServicePolicy_v2', () => {
    const tagged = (type: string) =>
      resourcesOf(s.template, type).map(([, r]) =>
        ((r.Properties?.Tags ?? []) as Array<{ Key: string; Value: string }>).some(
          (t) => t.Key === 'for-use-with-amazon-emr-managed-policies' && t.Value === 'true',
        ),
      );
    expect([...tagged('AWS::EC2::VPC'), ...tagged('AWS::EC2::Subnet')]).toStrictEqual([
      true,
      true,
      true,
    ]);
  });

  it('runs clusters in a VPC with public subnets, an S3 gateway endpoint and no NAT gateway', () => {
    s.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    s.template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({}),
    });
    s.template.hasResourceProperties('AWS::EC2::FlowLog', { LogDestinationType: 's3' });
  });
});

describe('schedule, alerts and safety net', () => {
  it('starts the state machine with {} on Saturdays at 05:11 Europe/London', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(11 5 ? * SAT *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { Ref: logicalId(s.stack.pipeline.stateMachine) },
        Input: '{}',
        RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 5 },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [logicalId(s.stack.schedule.deadLetterQueue), 'Arn'] },
        },
      }),
    });
  });

  it('takes the pipeline schedule from its registry entry, the one source of the default', () => {
    expect(findWorkflow(PIPELINE_WORKFLOW).schedule).toMatchObject({
      expression: 'cron(11 5 ? * SAT *)',
      timeZone: 'Europe/London',
    });
    expect(DEFAULT_SETTINGS.schedules[PIPELINE_WORKFLOW]).toStrictEqual({
      expression: 'cron(11 5 ? * SAT *)',
      timeZone: 'Europe/London',
      enabled: true,
    });
  });

  it('schedules every workflow that declares a schedule, and no other', () => {
    const targets = resourcesOf(s.template, 'AWS::Scheduler::Schedule').map(([, r]) =>
      JSON.stringify((r.Properties?.Target as { Arn?: unknown } | undefined)?.Arn),
    );
    expect(targets.sort()).toStrictEqual(
      WORKFLOWS.filter((w) => w.schedule !== undefined)
        .map((w) =>
          JSON.stringify({ Ref: logicalId(s.stack.deployment(w.name).machine.stateMachine) }),
        )
        .sort(),
    );
  });

  it('sends the ended executions of every state machine to the alert topic', () => {
    const watched = resourcesOf(s.template, 'AWS::Events::Rule').flatMap(([, r]) =>
      (
        (r.Properties?.EventPattern as { detail?: { stateMachineArn?: unknown[] } } | undefined)
          ?.detail?.stateMachineArn ?? []
      ).map((arn) => JSON.stringify(arn)),
    );
    expect(watched.sort()).toStrictEqual(
      WORKFLOWS.map((w) =>
        JSON.stringify({ Ref: logicalId(s.stack.deployment(w.name).machine.stateMachine) }),
      ).sort(),
    );
  });

  it('gives every workflow that creates clusters a reaper that knows its state machine', () => {
    for (const [name, deployment] of s.stack.deployments) {
      const creates = JSON.stringify(deployment.build.definition).includes(
        'elasticmapreduce:createCluster',
      );
      expect(deployment.reaper !== undefined, name).toBe(creates);
      if (!deployment.reaper) continue;
      const fn = resourcesOf(s.template, 'AWS::Lambda::Function').find(
        ([id]) => id === logicalId(deployment.reaper?.task.fn as never),
      )?.[1].Properties as { Environment: { Variables: Record<string, unknown> } };
      expect(fn.Environment.Variables.WORKFLOW_NAME).toBe(deployment.stateMachineName);
    }
  });

  it('alarms on ExecutionsFailed into the alert topic', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [
        { Name: 'StateMachineArn', Value: { Ref: logicalId(s.stack.pipeline.stateMachine) } },
      ],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: logicalId(s.stack.alerts.topic) }],
    });
  });

  it("sends train-model's FAILED, TIMED_OUT and ABORTED executions to the topic and its reaper", () => {
    // A stopped pipeline stops its train-model child: the child's ABORTED event reaches the reaper.
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [{ Ref: logicalId(train().machine.stateMachine) }],
        },
      },
      Targets: [
        Match.objectLike({ Arn: { Ref: logicalId(s.stack.alerts.topic) } }),
        Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(trainReaper().task.fn), 'Arn'] } }),
      ],
    });
  });

  it("sends the pipeline's FAILED, TIMED_OUT and ABORTED executions to the topic only: it creates no cluster", () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [{ Ref: logicalId(s.stack.pipeline.stateMachine) }],
        },
      },
      Targets: [Match.objectLike({ Arn: { Ref: logicalId(s.stack.alerts.topic) } })],
    });
    expect(s.stack.deployment(PIPELINE_WORKFLOW).reaper).toBeUndefined();
  });

  it('runs the reaper hourly with a sweep event', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Input: '{"action":"sweep"}' })],
    });
  });

  it('has no email subscription unless alertEmail is set', () => {
    s.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

/** Statements of a policy document (a topic policy or a key policy). */
const statementsOf = (doc: unknown) =>
  asArray((doc as { Statement?: unknown } | undefined)?.Statement) as Array<
    Record<string, unknown>
  >;

/** Whether a statement's principal names `service`. */
const grantsService = (statement: Record<string, unknown>, service: string) =>
  JSON.stringify(statement.Principal ?? {}).includes(service);

describe('alert topic publishers (hardening 1)', () => {
  it('grants events.amazonaws.com nothing in the topic policy or the key policy', () => {
    const topicStatements = resourcesOf(s.template, 'AWS::SNS::TopicPolicy').flatMap(([, r]) =>
      statementsOf(r.Properties?.PolicyDocument),
    );
    const keyStatements = resourcesOf(s.template, 'AWS::KMS::Key').flatMap(([, r]) =>
      statementsOf(r.Properties?.KeyPolicy),
    );
    expect(topicStatements.length).toBeGreaterThan(0);
    const toEvents = [...topicStatements, ...keyStatements].filter((st) =>
      grantsService(st, 'events.amazonaws.com'),
    );
    expect(toEvents).toStrictEqual([]);
  });

  it('publishes from every status rule through a role that may publish to the alert topic only', () => {
    const topicRef = JSON.stringify({ Ref: logicalId(s.stack.alerts.topic) });
    const rules = resourcesOf(s.template, 'AWS::Events::Rule').filter(([, r]) =>
      asArray(r.Properties?.Targets as unknown[]).some(
        (t) => JSON.stringify((t as { Arn?: unknown }).Arn) === topicRef,
      ),
    );
    expect(rules.length).toBe(WORKFLOWS.length);
    for (const [id, rule] of rules) {
      const target = asArray(rule.Properties?.Targets as Array<Record<string, unknown>>).find(
        (t) => JSON.stringify(t.Arn) === topicRef,
      );
      const roleArn = target?.RoleArn as { 'Fn::GetAtt'?: [string, string] } | undefined;
      expect(roleArn?.['Fn::GetAtt']?.[1], id).toBe('Arn');
      const roleId = roleArn?.['Fn::GetAtt']?.[0] as string;
      const [, role] =
        resourcesOf(s.template, 'AWS::IAM::Role').find(([rid]) => rid === roleId) ?? [];
      // Only EventBridge, and only on behalf of this account, may assume it.
      expect(statementsOf(role?.Properties?.AssumeRolePolicyDocument)).toStrictEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ]);
      const publishes = roleStatements(s.template, roleId).filter((st) =>
        asArray(st.Action as string[]).includes('sns:Publish'),
      );
      expect(publishes.map((st) => st.Resource)).toStrictEqual([
        { Ref: logicalId(s.stack.alerts.topic) },
      ]);
    }
  });
});

describe('schedule dead letters (hardening 2)', () => {
  it('alarm into the alert topic as soon as one start lands in any schedule dead-letter queue', () => {
    const scheduled = [...s.stack.deployments.values()].filter((d) => d.schedule !== undefined);
    expect(scheduled.length).toBe(WORKFLOWS.filter((w) => w.schedule !== undefined).length);
    const alarms = resourcesOf(s.template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    for (const d of scheduled) {
      const queueName = {
        'Fn::GetAtt': [logicalId(d.schedule?.deadLetterQueue as never), 'QueueName'],
      };
      const found = alarms.filter(
        (a) =>
          a?.Namespace === 'AWS/SQS' &&
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(a.Dimensions) ===
            JSON.stringify([{ Name: 'QueueName', Value: queueName }]),
      );
      expect(found, d.workflow.name).toHaveLength(1);
      expect(found[0], d.workflow.name).toMatchObject({
        Statistic: 'Maximum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: logicalId(s.stack.alerts.topic) }],
      });
    }
  });
});

describe('schedule dead-letter delivery failures', () => {
  it('alarm into the alert topic when a failed start cannot even be put in a schedule dead-letter queue', () => {
    const scheduled = [...s.stack.deployments.values()].filter((d) => d.schedule !== undefined);
    expect(scheduled.length).toBeGreaterThan(0);
    const alarms = resourcesOf(s.template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    const schedules = resourcesOf(s.template, 'AWS::Scheduler::Schedule');
    const groups = resourcesOf(s.template, 'AWS::Scheduler::ScheduleGroup');
    // One group per schedule, so the group's metric is the schedule's own.
    expect(groups).toHaveLength(scheduled.length);
    for (const d of scheduled) {
      const group = d.schedule?.group;
      // The group's generated physical name, as the template spells it.
      const groupName = Stack.of(s.stack).resolve(group?.scheduleGroupName);
      expect(groupName).toBeTruthy();
      const schedule = schedules.find(
        ([id]) => id === logicalId(d.schedule?.schedule as never),
      )?.[1];
      expect(schedule?.Properties?.GroupName, d.workflow.name).toStrictEqual(groupName);
      const found = alarms.filter(
        (a) =>
          a?.Namespace === 'AWS/Scheduler' &&
          a.MetricName === 'InvocationsFailedToBeSentToDeadLetterCount' &&
          JSON.stringify(a.Dimensions) ===
            JSON.stringify([{ Name: 'ScheduleGroup', Value: groupName }]),
      );
      expect(found, d.workflow.name).toHaveLength(1);
      expect(found[0], d.workflow.name).toMatchObject({
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: logicalId(s.stack.alerts.topic) }],
      });
      expect(s.stack.alerts.scheduleAlarms.get(d.workflow.name)).toBeDefined();
    }
  });
});

describe('download concurrency (hardening 3)', () => {
  it('reserves twice the widest download Map of the deployed definitions for the download function', () => {
    const definitions = [...s.stack.deployments.values()].map((d) => d.build.definition);
    const widest = downloadMapConcurrency(definitions, 'DownloadFunctionArn');
    // The default pipeline and collect-bars download INLINE, MaxConcurrency 10.
    expect(widest).toBe(10);
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('download one ticker'),
      ReservedConcurrentExecutions: 2 * widest,
    });
  });

  it('measures a DISTRIBUTED download by its Map width, not its result-reading Map', () => {
    const distributed = buildCollectBars({
      ...defaultCollectBarsConfig,
      universe: { ...defaultCollectBarsConfig.universe, size: 1000 },
      download: { ...defaultCollectBarsConfig.download, maxConcurrency: 20 },
    });
    expect(distributed.downloadMode).toBe('distributed');
    expect(downloadMapConcurrency([distributed.definition], 'DownloadFunctionArn')).toBe(20);
  });

  it('refuses a reservation narrower than one run, naming the key, before bundling anything', () => {
    expect(() =>
      createApp({ ...cdkJsonContext(), downloadReservedConcurrency: '9' }, {}, {}),
    ).toThrow(
      /context 'downloadReservedConcurrency' must be at least 10 \(the widest download Map's MaxConcurrency\)/,
    );
  });
});

describe('reaper ownership proof (hardening 4)', () => {
  const reapers = () => [...s.stack.deployments.values()].filter((d) => d.reaper !== undefined);

  it("tells every reaper the stack's EMR service role and instance profile", () => {
    expect(reapers().length).toBeGreaterThan(0);
    for (const d of reapers()) {
      const fn = resourcesOf(s.template, 'AWS::Lambda::Function').find(
        ([id]) => id === logicalId(d.reaper?.task.fn as never),
      )?.[1].Properties as { Environment: { Variables: Record<string, unknown> } };
      expect(fn.Environment.Variables, d.workflow.name).toMatchObject({
        EMR_SERVICE_ROLE: { Ref: logicalId(s.stack.emr.serviceRole) },
        EMR_INSTANCE_PROFILE: { Ref: logicalId(s.stack.emr.instanceProfile as never) },
      });
    }
  });

  it('alarms into the alert topic when a reaper leaves a tagged cluster it cannot prove running', () => {
    for (const d of reapers()) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'MarketPipeline',
        MetricName: 'UnprovenClusters',
        Dimensions: Match.arrayEquals([
          { Name: 'service', Value: 'reap-clusters' },
          { Name: 'workflow', Value: d.stateMachineName },
        ]),
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: logicalId(s.stack.alerts.topic) }],
      });
    }
  });

  it('grants the reaper no new action: the proof uses DescribeCluster and DescribeExecution only', () => {
    for (const d of reapers()) {
      const role = logicalId(d.reaper?.task.role as never);
      const actions = roleStatements(s.template, role)
        .flatMap((st) => asArray(st.Action as string[]))
        .sort();
      expect(actions, d.workflow.name).toStrictEqual(
        [
          'elasticmapreduce:DescribeCluster',
          'elasticmapreduce:ListClusters',
          'elasticmapreduce:TerminateJobFlows',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'states:DescribeExecution',
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ].sort(),
      );
    }
  });
});

/** This project's cdk-nag acknowledgements (aws-cdk-lib records some of its own, for other plugins). */
const nagAcknowledgements = () =>
  s.app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason }))
      .filter((ack) => ack.id.startsWith('AwsSolutions-')),
  );

describe('outputs and cdk-nag', () => {
  it('exports the outputs the CLI reads, by exact key: one state machine ARN per workflow', () => {
    expect(Object.keys(s.template.toJSON().Outputs).sort()).toStrictEqual(
      [
        'AlertTopicArn',
        'DataBucketName',
        'LogsBucketName',
        ...WORKFLOWS.map((w) => stateMachineOutputKey(w.name)),
      ].sort(),
    );
    expect(stateMachineOutputKey(PIPELINE_WORKFLOW)).toBe('StateMachineArn');
  });

  it("points each workflow's output at its state machine", () => {
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    for (const w of WORKFLOWS) {
      expect(outputs[stateMachineOutputKey(w.name)]?.Value).toStrictEqual({
        Ref: logicalId(s.stack.deployment(w.name).machine.stateMachine),
      });
    }
  });

  it('leaves no AwsSolutions finding unacknowledged', () => {
    expect(unacknowledgedFindings(s.app)).toStrictEqual([]);
  });

  it('acknowledges only findings that exist, each on the construct that raises it', () => {
    const findings = allFindings(s.app);
    const acknowledgements = nagAcknowledgements();
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const ack of acknowledgements) {
      const used = findings.some(
        (f) => f.rule === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`)),
      );
      expect(used, `${ack.id} at ${ack.path} acknowledges nothing`).toBe(true);
    }
  });

  it('gives every acknowledgement a reason and never acknowledges at app or stack level', () => {
    const stackPath = s.stack.node.path;
    const acks = nagAcknowledgements();
    for (const { path, reason } of acks) {
      expect(path === '' || path === stackPath, path).toBe(false);
      expect(reason.length, path).toBeGreaterThan(30);
    }
  });
});
