import { EMRClient } from '@aws-sdk/client-emr';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { ReaperConfig } from './config.ts';

export type ClientOverrides = {
  /** A local AWS-compatible endpoint (tests). In Lambda the SDK's defaults apply. */
  endpoint?: string;
  region?: string;
};

/**
 * EMR and Step Functions clients with an explicit retry policy: throttling (ThrottlingException,
 * "Rate exceeded") is retried with exponential backoff and full jitter up to `maxAttempts`
 * attempts; `adaptive` mode also slows the client down while the service throttles it.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
export const createClients = (
  config: Pick<ReaperConfig, 'maxAttempts' | 'retryMode'>,
  overrides: ClientOverrides = {},
): { emr: EMRClient; sfn: SFNClient } => {
  const common = {
    maxAttempts: config.maxAttempts,
    retryMode: config.retryMode,
    ...(overrides.endpoint === undefined ? {} : { endpoint: overrides.endpoint }),
    ...(overrides.region === undefined ? {} : { region: overrides.region }),
  };
  return { emr: new EMRClient(common), sfn: new SFNClient(common) };
};
