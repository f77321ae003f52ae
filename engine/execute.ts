/**
 * One execution from its `ExecutionStarted` event to its end event: the core `runExecution` runs
 * for the run's own execution. The state machine's TimeoutSeconds ends it TIMED_OUT, its token
 * (the caller's signal, a StopExecution) ends it ABORTED, and no Catch runs for either; the
 * history quota fails it with States.Runtime.
 *
 * A Standard execution runs for one year at most, whatever its TimeoutSeconds (up to 99,999,999)
 * says: "Maximum execution time: 1 year. If an execution runs for more than the 1-year maximum,
 * it will fail with a States.Timeout error"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html). It then ends as a
 * TimeoutSeconds timeout does: TIMED_OUT, ExecutionTimedOut with States.Timeout.
 */

import { Limits } from '../asl/constants.ts';
import type { ExecutionResult, JsonValue } from './api.ts';
import type { Cancel } from './cancel.ts';
import { ExecutionAbortedError, toFailure } from './errors.ts';
import { type Execution, Frame } from './execution.ts';
import type { History } from './history.ts';
import { runFragment } from './interpreter.ts';
import { checkPayloadSize } from './json.ts';
import { Scope } from './scope.ts';

/**
 * Runs `exec` to its end and never rejects. `controller` is the execution's own token: aborting
 * it with an ExecutionAbortedError stops the execution (reason `stopped`) or times it out.
 */
export async function execute(
  exec: Execution,
  controller: Cancel,
  inputText: string,
): Promise<ExecutionResult> {
  const { history, run } = exec;
  const timeoutSeconds = Math.min(
    run.machine.timeoutSeconds ?? Number.POSITIVE_INFINITY,
    Limits.maxExecutionSeconds,
  );
  const cancelTimeout = run.clock.deadline(exec.startMs + timeoutSeconds * 1000, () =>
    controller.abort(new ExecutionAbortedError('timed-out')),
  );
  const startId = history.append('ExecutionStarted', 0, 'executionStartedEventDetails', {
    input: inputText,
    inputDetails: { truncated: false },
    roleArn: run.roleArn,
  });
  const frame = new Frame(exec, new Scope(), controller, startId);
  const result: MakeResult = (status, extra) => ({
    status,
    ...extra,
    executionArn: exec.arn,
    events: history.events,
    billableTransitions: exec.billing.transitions,
  });
  try {
    const { text: outputText } = await runFragment(run.machine, exec.input, frame, inputText);
    checkPayloadSize(outputText, 'The execution output');
    history.append(
      'ExecutionSucceeded',
      history.size,
      'executionSucceededEventDetails',
      { output: outputText, outputDetails: { truncated: false } },
      true,
    );
    return result('SUCCEEDED', { output: JSON.parse(outputText) as JsonValue });
  } catch (thrown) {
    return finish(thrown, history, result);
  } finally {
    cancelTimeout();
  }
}

type MakeResult = (
  status: ExecutionResult['status'],
  extra: Partial<ExecutionResult>,
) => ExecutionResult;

function finish(thrown: unknown, history: History, result: MakeResult): ExecutionResult {
  const last = history.size;
  if (thrown instanceof ExecutionAbortedError && thrown.reason === 'stopped') {
    const reason = thrown.cause as { error?: unknown; message?: unknown } | undefined;
    const error = typeof reason?.error === 'string' ? reason.error : undefined;
    const cause =
      error !== undefined && typeof reason?.message === 'string' ? reason.message : undefined;
    const details = {
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    };
    history.append('ExecutionAborted', last, 'executionAbortedEventDetails', details, true);
    return result('ABORTED', details);
  }
  if (thrown instanceof ExecutionAbortedError && thrown.reason === 'timed-out') {
    history.append(
      'ExecutionTimedOut',
      last,
      'executionTimedOutEventDetails',
      { error: 'States.Timeout' },
      true,
    );
    return result('TIMED_OUT', { error: 'States.Timeout' });
  }
  if (thrown instanceof ExecutionAbortedError) {
    const cause =
      'The execution reached the maximum number of events in its history (25,000), so Step Functions failed it. Split the work, for example with a Distributed Map.';
    history.append(
      'ExecutionFailed',
      last,
      'executionFailedEventDetails',
      { error: 'States.Runtime', cause },
      true,
    );
    return result('FAILED', { error: 'States.Runtime', cause });
  }
  const failure = toFailure(thrown);
  const details = {
    ...(failure.error !== undefined ? { error: failure.error } : {}),
    ...(failure.causeText !== undefined ? { cause: failure.causeText } : {}),
  };
  history.append('ExecutionFailed', last, 'executionFailedEventDetails', details, true);
  return result('FAILED', details);
}
