/**
 * The prepare-input Lambda's environment, read once at module load by handler.ts.
 */
import { ConfigurationError } from './errors.ts';

export type PrepareConfig = {
  /** `DATA_BUCKET` (required): the only bucket the universe may be read from. */
  dataBucket: string;
  /** `AWS_ENDPOINT_URL_S3`: a local S3 server. */
  s3Endpoint: string | undefined;
  /** `AWS_REGION`. */
  region: string | undefined;
};

export function loadConfig(env: NodeJS.ProcessEnv): PrepareConfig {
  const dataBucket = env.DATA_BUCKET;
  if (!dataBucket) throw new ConfigurationError('DATA_BUCKET environment variable is not set');
  return {
    dataBucket,
    s3Endpoint: env.AWS_ENDPOINT_URL_S3 || undefined,
    region: env.AWS_REGION || undefined,
  };
}
