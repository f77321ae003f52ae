/**
 * Wait: sleeps Seconds, or until Timestamp, on the engine clock (timeScale 0 moves the clock
 * without sleeping). A Timestamp in the past does not wait.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
 */
import { timestampMs } from '../../asl/timestamp.ts';
import { StatesQueryEvaluationError } from '../errors.ts';
import type { WaitModel } from '../model.ts';
import { exitState, finishState, nextOf, type StateOutcome, type StateRun } from './lifecycle.ts';
import { evaluateInteger, evaluateString } from './values.ts';

/** "You must specify time as an integer value from 0 up to 99999999" (Seconds). */
export const MAX_WAIT_SECONDS = 99_999_999;

/**
 * "Currently, if you specify the wait time as a timestamp, Step Functions considers the time
 * value up to seconds and truncates milliseconds": the fraction of a Timestamp is dropped.
 */
export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export async function runWait(run: StateRun<WaitModel>): Promise<StateOutcome> {
  const { state, frame } = run;
  const clock = frame.exec.run.clock;
  let ms = 0;
  if (state.seconds) {
    ms = (await evaluateInteger(run, state.seconds, 0, MAX_WAIT_SECONDS)) * 1000;
  } else if (state.timestamp) {
    const text = await evaluateString(run, state.timestamp);
    const at = timestampMs(text);
    if (Number.isNaN(at)) {
      const fx = 'fx' in state.timestamp ? state.timestamp.fx : undefined;
      throw new StatesQueryEvaluationError(
        `The JSONata expression '${fx?.expr.text ?? ''}' specified for the field 'Timestamp' returned ${JSON.stringify(text)}, which is not an ISO-8601 extended offset date-time.`,
        'Timestamp',
      );
    }
    ms = truncateToSecond(at) - clock.nowMs();
  }
  await clock.sleep(ms, frame.cancel);
  return exitState(run, await finishState(run), nextOf(state));
}
