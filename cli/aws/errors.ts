/** AWS errors as one clear line (the stack only with --verbose), and throttling detection. */

type AwsLikeError = Error & {
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  code?: string;
};

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);

export function isThrottling(error: unknown): boolean {
  const e = error as AwsLikeError;
  return (
    THROTTLING.has(e?.name) ||
    e?.$metadata?.httpStatusCode === 429 ||
    e?.$retryable?.throttling === true
  );
}

/** "<what failed>: <ErrorName>: <message> (<hint>)" on one line. */
export function describeAwsError(what: string, error: unknown): string {
  const e = error as AwsLikeError;
  const name = e?.name && e.name !== 'Error' ? e.name : e?.code;
  const message = (e?.message ?? String(error)).replace(/\s+/g, ' ').trim();
  const hint = hintFor(name, message);
  return `${what}: ${name ? `${name}: ` : ''}${message}${hint ? ` (${hint})` : ''}`;
}

function hintFor(name: string | undefined, message: string): string | undefined {
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return 'no AWS credentials found: set AWS_PROFILE, run aws sso login, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY';
  }
  if (/Region is missing/i.test(message)) return 'set AWS_REGION or a region in your AWS profile';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(message) || /ECONNREFUSED/.test(name ?? '')) {
    return 'endpoint unreachable: check network and AWS_ENDPOINT_URL';
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return 'the caller lacks permission for this action';
  }
  return undefined;
}

/**
 * Calls `fn` again after a growing pause while AWS throttles it (the SDK has already retried a
 * few times inside each call); other errors propagate at once.
 */
export async function retryThrottled<T>(
  fn: () => Promise<T>,
  options: {
    sleep: (ms: number) => Promise<void>;
    onThrottled?: (nextDelayMs: number) => void;
    firstDelayMs?: number;
    maxDelayMs?: number;
    maxAttempts?: number;
  },
): Promise<T> {
  let delay = options.firstDelayMs ?? 1000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (!isThrottling(error) || attempt >= (options.maxAttempts ?? 8)) throw error;
      options.onThrottled?.(delay);
      await options.sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 30_000);
    }
  }
}
