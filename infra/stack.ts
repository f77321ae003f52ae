/**
 * The market-pipeline stack: storage, network, EMR identities, task Lambdas, the state machine
 * running the generated definition, the schedule, alerts and the cluster reaper. Each concern is a
 * construct under constructs/; this file wires them and states the outputs the CLI reads.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { parseUniverse } from '../contracts/universe.ts';
import {
  buildMarketDataPipeline,
  PIPELINE_PLACEHOLDERS,
  type PipelineBuild,
  type PipelinePlaceholder,
} from '../workflows/market-data-pipeline.ts';
import { Alerts } from './constructs/alerts.ts';
import { EmrRoles } from './constructs/emr-roles.ts';
import { Lambdas } from './constructs/lambdas.ts';
import { Network } from './constructs/network.ts';
import { Reaper } from './constructs/reaper.ts';
import { PipelineSchedule } from './constructs/schedule.ts';
import { PipelineStateMachine } from './constructs/state-machine.ts';
import { stateMachinePermissions } from './constructs/state-machine-permissions.ts';
import { Storage } from './constructs/storage.ts';
import { distributedMapLabels, lambdaTaskTimeout, pipelineConfigFor } from './definition.ts';
import type { Settings } from './settings.ts';

export type MarketPipelineStackProps = StackProps & {
  settings: Settings;
  /** Absolute path of the repository root. */
  projectRoot: string;
};

/** Output keys the CLI reads (cli/: `--target aws`). Renaming one breaks it. */
export const OutputKey = {
  stateMachineArn: 'StateMachineArn',
  dataBucketName: 'DataBucketName',
  logsBucketName: 'LogsBucketName',
  alertTopicArn: 'AlertTopicArn',
} as const;

/** A Lambda's timeout sits this far below its Task's TimeoutSeconds, so the function fails first. */
const LAMBDA_TIMEOUT_MARGIN_SECONDS = 10;

export class MarketPipelineStack extends Stack {
  readonly build: PipelineBuild;
  readonly substitutions: Record<PipelinePlaceholder, string>;
  readonly stateMachineName: string;
  readonly storage: Storage;
  readonly network: Network;
  readonly emr: EmrRoles;
  readonly lambdas: Lambdas;
  readonly pipeline: PipelineStateMachine;
  readonly reaper: Reaper;
  readonly alerts: Alerts;
  readonly schedule: PipelineSchedule;

  constructor(scope: Construct, id: string, props: MarketPipelineStackProps) {
    super(scope, id, props);
    const { settings, projectRoot } = props;
    const logRetention = settings.logRetentionDays as RetentionDays;

    const universe = readUniverseFile(projectRoot, settings.universeFile);
    const config = pipelineConfigFor(settings, universe.tickers.length);
    this.build = buildMarketDataPipeline(config);
    const definition = this.build.definition;
    const executionTimeout = definition.TimeoutSeconds ?? 0;
    if (settings.maxClusterAgeMinutes * 60 <= executionTimeout) {
      throw new Error(
        `context 'maxClusterAgeMinutes' must exceed the execution timeout (${executionTimeout / 60} minutes), got ${settings.maxClusterAgeMinutes}: the reaper would terminate clusters of running executions`,
      );
    }
    this.stateMachineName = `${settings.stackName}-Pipeline`;
    const stateMachineArn = this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const storage = new Storage(this, 'Storage', {
      projectRoot,
      universeCsv: universe.body,
      universeKey: config.universe.key,
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
    const lambdaTimeout = (placeholder: PipelinePlaceholder) =>
      Duration.seconds(
        Math.max(3, lambdaTaskTimeout(definition, placeholder) - LAMBDA_TIMEOUT_MARGIN_SECONDS),
      );
    const lambdas = new Lambdas(this, 'Tasks', {
      projectRoot,
      dataBucket: storage.dataBucket,
      apiKeyParameter: settings.apiKeyParameter,
      logRetention,
      prepareTimeout: lambdaTimeout('PrepareInputFunctionArn'),
      downloadTimeout: lambdaTimeout('DownloadFunctionArn'),
    });

    const values: Record<PipelinePlaceholder, string> = {
      DataBucket: storage.dataBucket.bucketName,
      LogsBucket: storage.logsBucket.bucketName,
      PrepareInputFunctionArn: lambdas.prepareInput.fn.functionArn,
      DownloadFunctionArn: lambdas.downloadTicker.fn.functionArn,
      EmrServiceRole: emr.serviceRole.roleName,
      EmrInstanceProfile: emr.instanceProfile.instanceProfileName,
      EmrSubnetId: network.subnetId,
      EmrSecurityConfiguration: emr.securityConfiguration.ref,
    };
    this.substitutions = supplyPlaceholders(this.build.placeholders, values);

    const pipeline = new PipelineStateMachine(this, 'Pipeline', {
      stateMachineName: this.stateMachineName,
      definition,
      substitutions: this.substitutions,
      logRetention,
      permissions: stateMachinePermissions(this, {
        stateMachineName: this.stateMachineName,
        functionArns: [lambdas.prepareInput.fn.functionArn, lambdas.downloadTicker.fn.functionArn],
        serviceRoleArn: emr.serviceRole.roleArn,
        instanceRoleArn: emr.instanceRole.roleArn,
        dataBucket: storage.dataBucket,
        distributedMapLabels: distributedMapLabels(definition),
      }),
    });

    const reaper = new Reaper(this, 'Reaper', {
      projectRoot,
      stateMachineName: this.stateMachineName,
      stateMachineArn,
      maxClusterAgeMinutes: settings.maxClusterAgeMinutes,
      logRetention,
    });
    const alerts = new Alerts(this, 'Alerts', {
      stateMachineArn: pipeline.stateMachine.stateMachineArn,
      alertEmail: settings.alertEmail,
      reaper: reaper.task.fn,
    });
    this.schedule = new PipelineSchedule(this, 'Schedule', {
      stateMachine: pipeline.stateMachine,
      expression: settings.schedule,
      timeZone: settings.scheduleTimezone,
      enabled: settings.scheduleEnabled,
    });

    new CfnOutput(this, OutputKey.stateMachineArn, {
      value: pipeline.stateMachine.stateMachineArn,
      description: 'Start executions here (console, npm run start-workflow -- --target aws)',
    });
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

    this.storage = storage;
    this.network = network;
    this.emr = emr;
    this.lambdas = lambdas;
    this.pipeline = pipeline;
    this.reaper = reaper;
    this.alerts = alerts;
  }
}

/** Exactly the declared placeholders, each with a value; an undeclared name is an error. */
const supplyPlaceholders = (
  declared: readonly string[],
  values: Record<string, string>,
): Record<PipelinePlaceholder, string> => {
  const known = PIPELINE_PLACEHOLDERS as readonly string[];
  const unknown = declared.filter((name) => !known.includes(name));
  const missing = declared.filter((name) => !(name in values));
  if (unknown.length + missing.length > 0) {
    throw new Error(
      `definitionSubstitutions: no value for placeholder(s) [${missing.join(', ')}]; not in PIPELINE_PLACEHOLDERS: [${unknown.join(', ')}]`,
    );
  }
  return Object.fromEntries(declared.map((name) => [name, values[name]])) as Record<
    PipelinePlaceholder,
    string
  >;
};

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
