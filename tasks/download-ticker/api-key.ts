/**
 * A keyed provider's API key, read at call time from SSM Parameter Store (a SecureString) through
 * Powertools Parameters, which caches it between invocations. The import is static on purpose: in
 * a single-file ESM bundle esbuild hoists the external `@aws-sdk/client-ssm` to the top anyway,
 * so a dynamic import would defer nothing (measured in bench/download.bench.ts).
 */
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { ConfigurationError } from './errors.ts';

/** How long a key is reused before SSM is asked again, in seconds. */
export const API_KEY_MAX_AGE_S = 300;
/** SSM errors that mean "fix the deployment", not "try again". */
const PERMANENT = [
  'ParameterNotFound',
  'ParameterVersionNotFound',
  'AccessDeniedException',
  'InvalidKeyId',
];

let provider: SSMProvider | undefined;

/** Reads a SecureString parameter. `endpoint` is `AWS_ENDPOINT_URL_SSM` (a local SSM in tests). */
export async function readApiKey(parameterName: string, endpoint?: string): Promise<string> {
  provider ??= new SSMProvider(endpoint ? { clientConfig: { endpoint } } : {});
  let value: unknown;
  try {
    value = await provider.get(parameterName, { decrypt: true, maxAge: API_KEY_MAX_AGE_S });
  } catch (error) {
    const cause = (error as { cause?: { name?: string } }).cause;
    if (cause?.name && PERMANENT.includes(cause.name)) {
      throw new ConfigurationError(
        `API key parameter ${parameterName} could not be read: ${cause.name}`,
        { cause: error },
      );
    }
    throw error;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(`API key parameter ${parameterName} is empty`);
  }
  return value.trim();
}
