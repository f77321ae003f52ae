/**
 * One Lambda of `tasks/<name>/handler.ts`, bundled locally by esbuild (no Docker), with the
 * project's defaults: current Node runtime, arm64, minified ESM, a log group with retention, and
 * the task's memory from LAMBDA_MEMORY_MB.
 * Permissions are not granted here: each caller writes its own statements.
 */
import { resolve } from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_MEMORY_MB, type LambdaEnv, type TaskName } from '../../contracts/lambda-env.ts';
import { acknowledgeWildcardResource, cfnChild } from '../nag.ts';

/** The newest Node.js runtime aws-cdk-lib 2.276 offers; the code also runs on Node 20 and 22. */
export const TASK_RUNTIME = Runtime.NODEJS_24_X;

export type TaskFunctionProps<N extends TaskName> = {
  task: N;
  projectRoot: string;
  environment: LambdaEnv[N];
  timeout: Duration;
  logRetention: RetentionDays;
  description: string;
  /** Reserved concurrency: a cap on, and a guarantee of, concurrent instances. @default none */
  reservedConcurrentExecutions?: number;
  /** Why this role's policy has `Resource: *`. @default X-Ray tracing only */
  starResourceReason?: string;
};

export class TaskFunction<N extends TaskName> extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  /** The function's own role: logs to its log group only; callers add what the task needs. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: TaskFunctionProps<N>) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Written out instead of AWSLambdaBasicExecutionRole, which may write to any log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.task} Lambda`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      entry: resolve(props.projectRoot, 'tasks', props.task, 'handler.ts'),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: resolve(props.projectRoot, 'package-lock.json'),
      runtime: TASK_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: LAMBDA_MEMORY_MB[props.task],
      timeout: props.timeout,
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      description: props.description,
      environment: { ...props.environment },
      logGroup: this.logGroup,
      role: this.role,
      tracing: Tracing.ACTIVE,
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        // Error names are API (Retry/Catch match them); keep class names through minification.
        keepNames: true,
        mainFields: ['module', 'main'],
        // ESM bundles of CommonJS dependencies still call require(); give them one.
        banner:
          "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        // The runtime ships AWS SDK v3; bundling it again only slows cold starts.
        externalModules: ['@aws-sdk/*'],
        forceDockerBundling: false,
      },
    });
    acknowledgeWildcardResource(
      cfnChild(this.role, 'DefaultPolicy', 'Resource'),
      '*',
      props.starResourceReason ??
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions',
    );
  }
}
