/**
 * The market-pipeline stack: storage, network, EMR identities, the task Lambdas, and for every
 * registered workflow (workflows/registry.ts) a state machine running its generated definition
 * with its own role derived from the calls the definition makes, its schedule (when it declares
 * one), alerts, and a cluster reaper when it creates EMR clusters. Each concern is a construct
 * under constructs/; this file wires them and states the outputs the CLI reads.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  PIPELINE_WORKFLOW,
  stateMachineArnPlaceholder,
  stateMachineName,
  stateMachineOutputKey,
} from '../contracts/deployment.ts';
import { parseUniverse } from '../contracts/universe.ts';
import { defaultPipelineConfig } from '../workflows/market-data-pipeline.ts';
import { WORKFLOWS, type Workflow } from '../workflows/registry.ts';
import { Alerts } from './constructs/alerts.ts';
import { EmrRoles } from './constructs/emr-roles.ts';
import { Lambdas } from './constructs/lambdas.ts';
import { Network } from './constructs/network.ts';
import { Reaper } from './constructs/reaper.ts';
import { WorkflowSchedule } from './constructs/schedule.ts';
import { WorkflowStateMachine } from './constructs/state-machine.ts';
import { stateMachinePermissions } from './constructs/state-machine-permissions.ts';
import { Storage } from './constructs/storage.ts';
import { SettingError } from './context-values.ts';
import {
  type DeployedBuild,
  deployedBuild,
  downloadMapConcurrency,
  lambdaTaskTimeout,
} from './definition.ts';
import { createsClusters } from './integrations.ts';
import type { Settings } from './settings.ts';
import {
  checkClusterAge,
  checkNames,
  checkSchedules,
  checkStartedWorkflows,
  idsFor,
  supplyPlaceholders,
} from './workflow-deployment.ts';

export type MarketPipelineStackProps = StackProps & {
  settings: Settings;
  /** Absolute path of the repository root. */
  projectRoot: string;
  /** The workflows to deploy, one state machine each. @default WORKFLOWS */
  workflows?: readonly Workflow[];
};

/**
 * Output keys the CLI reads (cli/: `--target aws`). Renaming one breaks it. Each workflow's state
 * machine ARN is under `stateMachineOutputKey(workflow)` (contracts/deployment.ts); the
 * pipeline's is `stateMachineArn` here.
 */
export const OutputKey = {
  stateMachineArn: stateMachineOutputKey(PIPELINE_WORKFLOW),
  dataBucketName: 'DataBucketName',
  logsBucketName: 'LogsBucketName',
  alertTopicArn: 'AlertTopicArn',
} as const;

/** A Lambda's timeout sits this far below its Task's TimeoutSeconds, so the function fails first. */
const LAMBDA_TIMEOUT_MARGIN_SECONDS = 10;

/**
 * Unset `downloadReservedConcurrency` reserves this many runs' worth of downloads: a scheduled run
 * and one manual or backfill run proceed at full Map width; any further concurrent execution's
 * invocations are throttled (Lambda.TooManyRequestsException, which the download Task retries
 * with backoff), so the providers see at most twice one run's request rate and the rest of the
 * account's concurrency stays free.
 */
export const DOWNLOAD_RUNS_AT_FULL_WIDTH = 2;

/** Placeholders of the task Lambdas (workflows/pipeline/placeholders.ts names them). */
const FUNCTION_PLACEHOLDERS = {
  prepareInput: 'PrepareInputFunctionArn',
  downloadTicker: 'DownloadFunctionArn',
} as const;

/** Everything the stack deploys for one workflow. */
export type WorkflowDeployment = {
  workflow: Workflow;
  stateMachineName: string;
  /** The stack output holding the state machine's ARN. */
  outputKey: string;
  build: DeployedBuild;
  /** One value per placeholder the definition declares. */
  substitutions: Record<string, string>;
  machine: WorkflowStateMachine;
  /** For a workflow that creates EMR clusters. */
  reaper: Reaper | undefined;
  /** For a workflow that declares a schedule. */
  schedule: WorkflowSchedule | undefined;
};

export class MarketPipelineStack extends Stack {
  /** By workflow name, in registry order. */
  readonly deployments: ReadonlyMap<string, WorkflowDeployment>;
  readonly storage: Storage;
  readonly network: Network;
  readonly emr: EmrRoles;
  readonly lambdas: Lambdas;
  readonly alerts: Alerts;

  constructor(scope: Construct, id: string, props: MarketPipelineStackProps) {
    super(scope, id, props);
    const { settings, projectRoot } = props;
    const workflows = props.workflows ?? WORKFLOWS;
    const logRetention = settings.logRetentionDays as RetentionDays;

    const universe = readUniverseFile(projectRoot, settings.universeFile);
    const builds = new Map(
      workflows.map((w) => [w.name, deployedBuild(w, settings, universe.tickers.length)]),
    );
    const build = (w: Workflow) => builds.get(w.name) as DeployedBuild;
    const names = new Map(
      workflows.map((w) => [w.name, stateMachineName(settings.stackName, w.name)]),
    );
    const nameOf = (w: Workflow) => names.get(w.name) as string;
    checkNames(workflows, nameOf, settings.stackName);
    checkSchedules(workflows, settings);
    checkStartedWorkflows(workflows, (w) => build(w).placeholders);
    for (const w of workflows) checkClusterAge(w.name, build(w).definition, settings);
    const arnOf = (name: string) =>
      this.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });

    const storage = new Storage(this, 'Storage', {
      projectRoot,
      universeCsv: universe.body,
      // Where the pipeline's definition reads it (the same for every config).
      universeKey: defaultPipelineConfig.universe.key,
    });
    const network = new Network(this, 'Network', {
      subnetId: settings.subnetId,
      logsBucket: storage.logsBucket,
    });
    const emr = new EmrRoles(this, 'Emr', {
      dataBucket: storage.dataBucket,
      logsBucket: storage.logsBucket,
      namePrefix: settings.stackName,
    });
    const definitions = workflows.map((w) => build(w).definition);
    const lambdaTimeout = (placeholder: string) =>
      Duration.seconds(
        Math.max(3, lambdaTaskTimeout(definitions, placeholder) - LAMBDA_TIMEOUT_MARGIN_SECONDS),
      );
    const downloadReservedConcurrency = reservedDownloadConcurrency(
      definitions,
      settings.downloadReservedConcurrency,
    );
    const lambdas = new Lambdas(this, 'Tasks', {
      projectRoot,
      dataBucket: storage.dataBucket,
      apiKeyParameter: settings.apiKeyParameter,
      logRetention,
      prepareTimeout: lambdaTimeout(FUNCTION_PLACEHOLDERS.prepareInput),
      downloadTimeout: lambdaTimeout(FUNCTION_PLACEHOLDERS.downloadTicker),
      downloadReservedConcurrency,
    });

    // What each placeholder resolves to, for definitionSubstitutions and for the roles.
    const functions = {
      [FUNCTION_PLACEHOLDERS.prepareInput]: lambdas.prepareInput.fn.functionArn,
      [FUNCTION_PLACEHOLDERS.downloadTicker]: lambdas.downloadTicker.fn.functionArn,
    };
    const buckets = { DataBucket: storage.dataBucket, LogsBucket: storage.logsBucket };
    const machines = Object.fromEntries(
      workflows.map((w) => [stateMachineArnPlaceholder(w.name), nameOf(w)]),
    );
    const values: Record<string, string> = {
      DataBucket: storage.dataBucket.bucketName,
      LogsBucket: storage.logsBucket.bucketName,
      ...functions,
      EmrServiceRole: emr.serviceRole.roleName,
      EmrInstanceProfile: emr.instanceProfile.instanceProfileName,
      EmrSubnetId: network.subnetId,
      EmrSecurityConfiguration: emr.securityConfiguration.ref,
      // Formatted from the name, not a Ref: a machine may start itself or one declared after it.
      ...Object.fromEntries(Object.entries(machines).map(([ph, name]) => [ph, arnOf(name)])),
    };

    const alerts = new Alerts(this, 'Alerts', { alertEmail: settings.alertEmail });
    const deployments = new Map<string, WorkflowDeployment>();
    for (const workflow of workflows) {
      const ids = idsFor(workflow.name);
      const name = nameOf(workflow);
      const { definition, placeholders } = build(workflow);
      const substitutions = supplyPlaceholders(workflow.name, placeholders, values);
      const machine = new WorkflowStateMachine(this, ids.machine, {
        stateMachineName: name,
        definition,
        substitutions,
        logRetention,
        permissions: stateMachinePermissions(this, {
          stateMachineName: name,
          definition,
          functions,
          buckets,
          dataBucket: storage.dataBucket,
          stateMachines: machines,
          serviceRoleArn: emr.serviceRole.roleArn,
          instanceRoleArn: emr.instanceRole.roleArn,
        }),
      });
      const reaper = createsClusters(definition)
        ? new Reaper(this, ids.reaper, {
            label: ids.label,
            projectRoot,
            stateMachineName: name,
            stateMachineArn: arnOf(name),
            maxClusterAgeMinutes: settings.maxClusterAgeMinutes,
            emrServiceRole: emr.serviceRole.roleName,
            emrInstanceProfile: emr.instanceProfile.instanceProfileName,
            logRetention,
          })
        : undefined;
      alerts.watch({
        idPrefix: ids.alerts,
        workflow: workflow.name,
        label: ids.label,
        stateMachineArn: machine.stateMachine.stateMachineArn,
        stateMachineName: name,
        reaper: reaper?.task.fn,
      });
      const scheduled = settings.schedules[workflow.name];
      const schedule = scheduled
        ? new WorkflowSchedule(this, ids.schedule, {
            label: ids.label,
            stateMachine: machine.stateMachine,
            expression: scheduled.expression,
            timeZone: scheduled.timeZone,
            enabled: scheduled.enabled,
          })
        : undefined;
      if (schedule) {
        alerts.watchSchedule({
          idPrefix: ids.alerts,
          workflow: workflow.name,
          label: ids.label,
          deadLetterQueue: schedule.deadLetterQueue,
          scheduleGroup: schedule.group,
        });
      }
      const outputKey = stateMachineOutputKey(workflow.name);
      new CfnOutput(this, outputKey, {
        value: machine.stateMachine.stateMachineArn,
        description:
          workflow.name === PIPELINE_WORKFLOW
            ? 'Start executions here (console, npm run start-workflow -- --target aws)'
            : `${workflow.name}: start executions here (console, npm run start-workflow -- --target aws)`,
      });
      deployments.set(workflow.name, {
        workflow,
        stateMachineName: name,
        outputKey,
        build: build(workflow),
        substitutions,
        machine,
        reaper,
        schedule,
      });
    }

    new CfnOutput(this, OutputKey.dataBucketName, {
      value: storage.dataBucket.bucketName,
      description: 'raw/ bars, models/, config/universe.csv, manifests/, code/',
    });
    new CfnOutput(this, OutputKey.logsBucketName, {
      value: storage.logsBucket.bucketName,
      description: 'EMR logs under emr/, S3 access logs, VPC flow logs',
    });
    new CfnOutput(this, OutputKey.alertTopicArn, {
      value: alerts.topic.topicArn,
      description: 'Failed, timed-out and aborted executions; alarm notifications',
    });

    this.deployments = deployments;
    this.storage = storage;
    this.network = network;
    this.emr = emr;
    this.lambdas = lambdas;
    this.alerts = alerts;
  }

  /** One workflow's deployment; throws naming the deployed ones when it is not deployed. */
  deployment(workflow: string): WorkflowDeployment {
    const found = this.deployments.get(workflow);
    if (found === undefined) {
      throw new Error(
        `workflow '${workflow}' is not deployed by this stack (deployed: ${[...this.deployments.keys()].join(', ')})`,
      );
    }
    return found;
  }

  // The pipeline's deployment, under the names the stack had when it was the only workflow.

  get pipeline(): WorkflowStateMachine {
    return this.deployment(PIPELINE_WORKFLOW).machine;
  }

  get build(): DeployedBuild {
    return this.deployment(PIPELINE_WORKFLOW).build;
  }

  get stateMachineName(): string {
    return this.deployment(PIPELINE_WORKFLOW).stateMachineName;
  }

  get substitutions(): Record<string, string> {
    return this.deployment(PIPELINE_WORKFLOW).substitutions;
  }

  get schedule(): WorkflowSchedule {
    return this.deployment(PIPELINE_WORKFLOW).schedule as WorkflowSchedule;
  }
}

/**
 * The download function's reserved concurrency: the context value, checked against the widest
 * download Map (a narrower reservation would throttle a single run against itself), or
 * {@link DOWNLOAD_RUNS_AT_FULL_WIDTH} times that width, capped at the 900 Lambda allows.
 */
const reservedDownloadConcurrency = (
  definitions: readonly object[],
  configured: number | undefined,
): number => {
  const width = Math.min(
    downloadMapConcurrency(definitions, FUNCTION_PLACEHOLDERS.downloadTicker),
    MAX_RESERVED_CONCURRENCY,
  );
  if (configured === undefined) {
    return Math.min(Math.max(1, DOWNLOAD_RUNS_AT_FULL_WIDTH * width), MAX_RESERVED_CONCURRENCY);
  }
  if (configured < width) {
    throw new SettingError(
      'downloadReservedConcurrency',
      `must be at least ${width} (the widest download Map's MaxConcurrency), or one run would throttle itself`,
      configured,
    );
  }
  return configured;
};

/** Lambda refuses a reservation leaving fewer than 100 of the default 1,000 unreserved. */
const MAX_RESERVED_CONCURRENCY = 900;

/** The universe CSV, checked the way `npm run snapshots` checks the shipped one. */
const readUniverseFile = (projectRoot: string, universeFile: string) => {
  const path = resolve(projectRoot, universeFile);
  let body: string;
  try {
    body = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(`context 'universeFile': cannot read ${path}`, { cause });
  }
  const { tickers, problems } = parseUniverse(body);
  if (problems.length > 0) {
    throw new Error(`context 'universeFile': ${universeFile}:\n- ${problems.join('\n- ')}`);
  }
  if (tickers.length === 0)
    throw new Error(`context 'universeFile': ${universeFile} lists no tickers`);
  return { tickers, body };
};
