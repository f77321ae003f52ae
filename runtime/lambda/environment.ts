/**
 * The environment of each in-process Lambda: what the CDK stack sets on the function, plus what
 * the Lambda service and the local runtime add. Nothing is inherited from the CLI's own
 * environment except PATH/HOME/TMPDIR/LANG, so a user's AWS credentials or profile never reach
 * the local functions, as they would not reach a deployed one.
 */

import { DEFAULT_API_KEY_PARAMETER } from '../../contracts/deployment.ts';
import { LAMBDA_MEMORY_MB, type LambdaEnv, powertoolsEnv } from '../../contracts/lambda-env.ts';

export type LocalTask = Extract<keyof LambdaEnv, 'prepare-input' | 'download-ticker'>;

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
  // What infra/constructs/lambdas.ts sets, from the same typed source (contracts/lambda-env.ts).
  const stack: LambdaEnv[LocalTask] =
    task === 'download-ticker'
      ? {
          ...powertoolsEnv(task),
          DATA_BUCKET: options.dataBucket,
          ALPHAVANTAGE_API_KEY_PARAMETER: DEFAULT_API_KEY_PARAMETER,
        }
      : { ...powertoolsEnv(task), DATA_BUCKET: options.dataBucket };
  const lambdaService: Record<string, string> = {
    AWS_REGION: localRegion,
    AWS_DEFAULT_REGION: localRegion,
    AWS_LAMBDA_FUNCTION_NAME: functionNames[task],
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(LAMBDA_MEMORY_MB[task]),
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
