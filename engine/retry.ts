/**
 * Retry and Catch for Task, Parallel and Map states. The first retrier whose ErrorEquals matches
 * decides: while it has attempts left the state runs again after its backoff; once it is spent
 * the error goes to the catchers (later retriers are not consulted). Each retry is billed as a
 * state transition, as Standard workflows bill it.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
import type { JsonObject } from './api.ts';
import { errorMatches, toFailure } from './errors.ts';
import type { CatcherModel, RetrierModel } from './model.ts';
import {
  exitState,
  finishWith,
  reportFailure,
  type StateOutcome,
  type StateRun,
  StatesFailure,
} from './states/lifecycle.ts';

/**
 * Delay before retry number `attempt` (0 for the first retry): IntervalSeconds *
 * BackoffRate^attempt, capped by MaxDelaySeconds, then with JitterStrategy FULL a uniform draw
 * between 0 and that delay. Milliseconds.
 */
export function retryDelayMs(retrier: RetrierModel, attempt: number, random: () => number): number {
  let seconds = retrier.intervalSeconds * retrier.backoffRate ** attempt;
  if (retrier.maxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.maxDelaySeconds);
  if (retrier.jitter === 'FULL') seconds *= random();
  return seconds * 1000;
}

/** The `$states.errorOutput` (and default catcher output) for a failure. */
export function errorOutput(failure: StatesFailure): JsonObject {
  const out: JsonObject = {};
  if (failure.error !== undefined) out.Error = failure.error;
  if (failure.causeText !== undefined) out.Cause = failure.causeText;
  return out;
}

/**
 * Runs `attempt` under the state's Retry and Catch. `attempt` reports its own failure events
 * (TaskFailed, MapStateFailed, ...); this adds EvaluationFailed and the cause prefix once, then
 * retries, catches, or rethrows. Aborts (stop, timeout) pass straight through: no Catch runs.
 */
export async function withRetryAndCatch(
  run: StateRun,
  attempt: () => Promise<StateOutcome>,
): Promise<StateOutcome> {
  const { state, frame } = run;
  const spent = state.retry.map(() => 0);
  for (;;) {
    let failure: StatesFailure;
    try {
      return await attempt();
    } catch (thrown) {
      failure = reportFailure(run, toFailure(thrown));
    }
    const index = state.retry.findIndex((r) => errorMatches(r.errorEquals, failure));
    const retrier = state.retry[index];
    if (retrier && (spent[index] as number) < retrier.maxAttempts) {
      const delay = retryDelayMs(retrier, spent[index] as number, frame.exec.run.random);
      spent[index] = (spent[index] as number) + 1;
      run.info.retryCount++;
      frame.exec.billing.transitions++;
      await frame.exec.run.clock.sleep(delay, frame.cancel);
      continue;
    }
    const catcher = state.catchers.find((c) => errorMatches(c.errorEquals, failure));
    if (!catcher) throw failure;
    return catchWith(run, catcher, failure);
  }
}

async function catchWith(
  run: StateRun,
  catcher: CatcherModel,
  failure: StatesFailure,
): Promise<StateOutcome> {
  const error = errorOutput(failure);
  let finished: Awaited<ReturnType<typeof finishWith>>;
  try {
    finished = await finishWith(
      run,
      catcher.output,
      catcher.assign,
      undefined,
      error,
      catcher.resultPath,
    );
  } catch (thrown) {
    throw reportFailure(run, toFailure(thrown));
  }
  return exitState(run, finished, catcher.next);
}

export { StatesFailure };
