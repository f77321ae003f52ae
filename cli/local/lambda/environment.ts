/**
 * The environment of each in-process Lambda: what the CDK stack sets on the function, plus what
 * the Lambda service and the local runtime add. Nothing is inherited from the CLI's own
 * environment except PATH/HOME/TMPDIR/LANG, so a user's AWS credentials or profile never reach
 * the local functions, as they would not reach a deployed one.
 */

export type LocalTask = 'prepare-input' | 'download-ticker';

export const localRegion = 'us-east-1';
export const localAccountId = '123456789012';
/** s3rver's fixed credentials; the functions sign their local S3 requests with them. */
const localS3Credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export const functionNames: Record<LocalTask, string> = {
  'prepare-input': 'market-pipeline-prepare-input',
  'download-ticker': 'market-pipeline-download-ticker',
};

export const functionArn = (task: LocalTask): string =>
  `arn:aws:lambda:${localRegion}:${localAccountId}:function:${functionNames[task]}`;

/** Function settings the stack gives each task (memory for the Lambda context). */
const memoryMb: Record<LocalTask, number> = { 'prepare-input': 256, 'download-ticker': 512 };

function inherited(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export function localLambdaEnv(
  task: LocalTask,
  options: {
    dataBucket: string;
    s3Endpoint: string;
    /** Extra variables (provider base URLs, log level); they win over the defaults. */
    extra?: Record<string, string>;
  },
): Record<string, string> {
  const stack: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: task,
    POWERTOOLS_METRICS_NAMESPACE: 'MarketPipeline',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    DATA_BUCKET: options.dataBucket,
    ...(task === 'download-ticker'
      ? { ALPHAVANTAGE_API_KEY_PARAMETER: '/market-pipeline/alphavantage/api-key' }
      : {}),
  };
  const lambdaService: Record<string, string> = {
    AWS_REGION: localRegion,
    AWS_DEFAULT_REGION: localRegion,
    AWS_LAMBDA_FUNCTION_NAME: functionNames[task],
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb[task]),
  };
  return {
    ...inherited(),
    ...lambdaService,
    ...stack,
    ...localS3Credentials,
    AWS_ENDPOINT_URL_S3: options.s3Endpoint,
    ...options.extra,
  };
}

export function memoryOf(task: LocalTask): number {
  return memoryMb[task];
}
