import { describe, expect, it } from 'vitest';
import {
  idempotentRetry,
  lambdaServiceRetry,
  maxRetries,
  throttlingRetry,
} from '../../builders/policies.ts';

describe('lambdaServiceRetry', () => {
  it('retries the four Lambda service errors with full jitter', () => {
    expect(lambdaServiceRetry()).toStrictEqual({
      ErrorEquals: [
        'Lambda.ServiceException',
        'Lambda.AWSLambdaException',
        'Lambda.SdkClientException',
        'Lambda.ClientExecutionTimeoutException',
      ],
      IntervalSeconds: 1,
      MaxAttempts: 3,
      BackoffRate: 2,
      MaxDelaySeconds: 10,
      JitterStrategy: 'FULL',
    });
  });
});

describe('throttlingRetry', () => {
  it('uses FULL jitter and caps each delay with MaxDelaySeconds', () => {
    expect(
      throttlingRetry(['ProviderThrottledError'], { maxAttempts: 4, maxDelaySeconds: 20 }),
    ).toStrictEqual({
      ErrorEquals: ['ProviderThrottledError'],
      IntervalSeconds: 2,
      MaxAttempts: 4,
      BackoffRate: 2,
      MaxDelaySeconds: 20,
      JitterStrategy: 'FULL',
    });
  });

  it('refuses a backoff rate below 1', () => {
    expect(() => throttlingRetry(['X'], { backoffRate: 0.5 })).toThrow(
      'BackoffRate must be a number >= 1, got 0.5',
    );
  });
});

describe('idempotentRetry', () => {
  it('retries any error (States.ALL) with full jitter, 3 attempts and a 20 s cap by default', () => {
    expect(idempotentRetry()).toStrictEqual({
      ErrorEquals: ['States.ALL'],
      IntervalSeconds: 2,
      MaxAttempts: 3,
      BackoffRate: 2,
      MaxDelaySeconds: 20,
      JitterStrategy: 'FULL',
    });
  });

  it('takes the interval and cap of a slower call', () => {
    expect(idempotentRetry({ intervalSeconds: 10, maxDelaySeconds: 60 })).toMatchObject({
      ErrorEquals: ['States.ALL'],
      IntervalSeconds: 10,
      MaxDelaySeconds: 60,
    });
  });
});

describe('maxRetries', () => {
  it('adds up MaxAttempts, counting an unset one as the ASL default of 3', () => {
    expect(maxRetries([{ ErrorEquals: ['A'], MaxAttempts: 2 }, { ErrorEquals: ['B'] }])).toBe(5);
  });
});
