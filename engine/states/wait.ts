/**
 * Wait: sleeps Seconds, or until Timestamp, on the engine clock (timeScale 0 moves the clock
 * without sleeping). A Timestamp in the past does not wait.
 */
import { timestampMs } from '../../asl/timestamp.ts';
import { StatesQueryEvaluationError } from '../errors.ts';
import type { WaitModel } from '../model.ts';
import { exitState, finishState, nextOf, type StateOutcome, type StateRun } from './lifecycle.ts';
import { evaluateInteger, evaluateString } from './values.ts';

export async function runWait(run: StateRun<WaitModel>): Promise<StateOutcome> {
  const { state, frame } = run;
  const clock = frame.exec.run.clock;
  let ms = 0;
  if (state.seconds) {
    ms = (await evaluateInteger(run, state.seconds, 0)) * 1000;
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
    ms = at - clock.nowMs();
  }
  await clock.sleep(ms, frame.cancel);
  return exitState(run, await finishState(run), nextOf(state));
}
