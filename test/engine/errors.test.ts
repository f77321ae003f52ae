import { describe, expect, it } from 'vitest';
import {
  errorMatches,
  StatesDataLimitExceededError,
  StatesFailure,
  StatesHeartbeatTimeoutError,
  StatesRuntimeError,
  StatesTimeoutError,
} from '../../engine/index.ts';

describe('ASL error classes', () => {
  it('name each error after the ASL error', () => {
    expect(new StatesTimeoutError().name).toBe('States.Timeout');
    expect(new StatesRuntimeError('x').name).toBe('States.Runtime');
  });

  it('keep the original exception as the JS cause', () => {
    const original = new Error('disk full');
    expect(new StatesRuntimeError('x', { cause: original }).cause).toBe(original);
  });
});

describe('errorMatches', () => {
  const custom = new StatesFailure('ProviderThrottledError', 'slow down');

  it('matches an error by its exact name', () => {
    expect(errorMatches(['ProviderThrottledError'], custom)).toBe(true);
    expect(errorMatches(['Other'], custom)).toBe(false);
  });

  it('matches any error with States.ALL', () => {
    expect(errorMatches(['States.ALL'], custom)).toBe(true);
    expect(errorMatches(['States.ALL'], new StatesTimeoutError())).toBe(true);
  });

  it('matches every error but timeouts with States.TaskFailed', () => {
    expect(errorMatches(['States.TaskFailed'], custom)).toBe(true);
    expect(errorMatches(['States.TaskFailed'], new StatesTimeoutError())).toBe(false);
  });

  // "States.Timeout: Reported when a Task state runs longer than the TimeoutSeconds value or
  // failed to send a heartbeat for a period longer than the HeartbeatSeconds value";
  // "States.HeartbeatTimeout ... is available inside the Catch and Retry fields".
  // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
  it('matches heartbeat timeouts with States.HeartbeatTimeout and States.Timeout, plain timeouts with States.Timeout only', () => {
    const heartbeat = new StatesTimeoutError(undefined, { heartbeat: true });
    const thrown = new StatesHeartbeatTimeoutError();

    expect(errorMatches(['States.HeartbeatTimeout'], heartbeat)).toBe(true);
    expect(errorMatches(['States.Timeout'], heartbeat)).toBe(true);
    expect(errorMatches(['States.Timeout'], thrown)).toBe(true);
    expect(errorMatches(['States.HeartbeatTimeout'], new StatesTimeoutError())).toBe(false);
    expect(errorMatches(['States.TaskFailed'], heartbeat)).toBe(false);
    expect(errorMatches(['States.TaskFailed'], thrown)).toBe(false);
  });

  it('never matches States.Runtime, not even by name', () => {
    const runtime = new StatesRuntimeError('x');
    expect(errorMatches(['States.ALL'], runtime)).toBe(false);
    expect(errorMatches(['States.Runtime'], runtime)).toBe(false);
  });

  it('matches States.DataLimitExceeded only by its own name', () => {
    const big = new StatesDataLimitExceededError('x');
    expect(errorMatches(['States.ALL'], big)).toBe(false);
    expect(errorMatches(['States.TaskFailed'], big)).toBe(false);
    expect(errorMatches(['States.DataLimitExceeded'], big)).toBe(true);
  });
});
