/**
 * The download Lambda's environment, read once at module load by handler.ts. Pure, so tests pass
 * their own `env`.
 */
import { ConfigurationError } from './errors.ts';

export type DownloadConfig = {
  /** `DATA_BUCKET` (required). */
  dataBucket: string;
  /** `AWS_ENDPOINT_URL_S3`: a local S3 server; switches the client to path style. */
  s3Endpoint: string | undefined;
  /** `AWS_REGION`. */
  region: string | undefined;
  /** `AWS_ENDPOINT_URL_SSM`: a local SSM (moto) for the API key parameter. */
  ssmEndpoint: string | undefined;
  /** `YAHOO_BASE_URL` @default https://query1.finance.yahoo.com */
  yahooBaseUrl: string;
  /** `ALPHAVANTAGE_BASE_URL` @default https://www.alphavantage.co */
  alphaVantageBaseUrl: string;
  /**
   * `ALPHAVANTAGE_API_KEY_PARAMETER`: name of the SSM parameter (SecureString) holding the key.
   * The key itself is never in the environment. @default /market-pipeline/alphavantage/api-key
   */
  alphaVantageKeyParameter: string;
  /** `HTTP_TIMEOUT_MS`: per provider request, headers and body. @default 10000 */
  httpTimeoutMs: number;
  /** `BATCH_CONCURRENCY`: tickers downloaded at once in a batch event. @default 8 */
  batchConcurrency: number;
  /**
   * `MAX_RETRY_AFTER_SECONDS`: a 429 whose Retry-After is at most this is waited out in the
   * function (up to twice); a longer one is thrown for the definition's backoff. @default 5
   */
  maxRetryAfterSeconds: number;
  /** `POWERTOOLS_METRICS_NAMESPACE` @default MarketPipeline */
  metricsNamespace: string;
};

export const DEFAULT_KEY_PARAMETER = '/market-pipeline/alphavantage/api-key';

export function loadConfig(env: NodeJS.ProcessEnv): DownloadConfig {
  const dataBucket = env.DATA_BUCKET;
  if (!dataBucket) throw new ConfigurationError('DATA_BUCKET environment variable is not set');
  return {
    dataBucket,
    s3Endpoint: optionalUrl(env, 'AWS_ENDPOINT_URL_S3'),
    region: env.AWS_REGION || undefined,
    ssmEndpoint: optionalUrl(env, 'AWS_ENDPOINT_URL_SSM'),
    yahooBaseUrl: optionalUrl(env, 'YAHOO_BASE_URL') ?? 'https://query1.finance.yahoo.com',
    alphaVantageBaseUrl: optionalUrl(env, 'ALPHAVANTAGE_BASE_URL') ?? 'https://www.alphavantage.co',
    alphaVantageKeyParameter: env.ALPHAVANTAGE_API_KEY_PARAMETER || DEFAULT_KEY_PARAMETER,
    httpTimeoutMs: integer(env, 'HTTP_TIMEOUT_MS', 10_000, 1, 600_000),
    batchConcurrency: integer(env, 'BATCH_CONCURRENCY', 8, 1, 64),
    maxRetryAfterSeconds: integer(env, 'MAX_RETRY_AFTER_SECONDS', 5, 0, 60),
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE || 'MarketPipeline',
  };
}

function optionalUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new ConfigurationError(`${name} environment variable is not a URL: ${value}`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`${name} environment variable must be http(s), got ${value}`);
  }
  return value.replace(/\/+$/, '');
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(
      `${name} environment variable must be an integer from ${min} to ${max}, got ${raw}`,
    );
  }
  return value;
}
