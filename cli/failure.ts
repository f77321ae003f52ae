/**
 * Why an execution failed, from its history: the failing state (the task that raised the error,
 * not the Fail state a Catch routed to), error, cause, and for an EMR step the cluster and step
 * ids needed to find the step's stderr.
 */
import type { FailureRecord, ProgressSnapshot } from './progress/model.ts';

export type FailureDescription = {
  failedState?: string;
  error?: string;
  cause?: string;
  emrStep?: { clusterId?: string; stepId?: string; logFile?: string };
  /** The nested execution whose failure failed the state (states:startExecution.sync). */
  nested?: NestedFailure;
};

export type NestedFailure = {
  execution: string;
  status: string;
  failedState?: string;
  error?: string;
  cause?: string;
};

export function describeFailure(snapshot: ProgressSnapshot): FailureDescription {
  const failures = snapshot.failures.filter((failure) => failure.eventType !== 'FailStateEntered');
  const matching = failures.filter((failure) => failure.error === snapshot.error);
  const origin = matching.at(-1) ?? failures.at(-1) ?? snapshot.failures.at(-1);
  const nested = nestedFailure(snapshot, origin);
  // A nested execution that failed in an EMR step: its step is the one to show.
  const emrStep =
    origin && isEmrStep(origin) ? emrStepOf(origin) : nested.nested ? nested.emrStep : undefined;
  const failedState = origin?.state ?? snapshot.currentState;
  return {
    ...(failedState !== undefined ? { failedState } : {}),
    ...((snapshot.error ?? origin?.error) !== undefined
      ? { error: (snapshot.error ?? origin?.error) as string }
      : {}),
    ...((snapshot.cause ?? origin?.cause) !== undefined
      ? { cause: (snapshot.cause ?? origin?.cause) as string }
      : {}),
    ...(emrStep ? { emrStep } : {}),
    ...(nested.nested ? { nested: nested.nested } : {}),
  };
}

/**
 * A `.sync` task fails with States.TaskFailed and the child's DescribeExecution as its cause
 * (the execution's own cause too, unless a Catch re-raised the child's error as the parent's);
 * the child's own failing state comes from its progress (the runtime's nested events).
 */
function nestedFailure(
  snapshot: ProgressSnapshot,
  origin: FailureRecord | undefined,
): { nested?: NestedFailure; emrStep?: FailureDescription['emrStep'] } {
  const described = (text: string | undefined) => {
    const cause = parseJson(text);
    return stringAt(cause, ['ExecutionArn']) === undefined ? undefined : cause;
  };
  const cause = described(snapshot.cause) ?? described(origin?.cause);
  const execution = stringAt(cause, ['Name']);
  const status = stringAt(cause, ['Status']);
  if (cause === undefined || !execution || !status) return {};
  const child = snapshot.nested?.find((n) => n.name === execution);
  const failedState = child?.failedState;
  const error = stringAt(cause, ['Error']);
  const childCause = stringAt(cause, ['Cause']);
  return {
    nested: {
      execution,
      status,
      ...(failedState !== undefined ? { failedState } : {}),
      ...(error !== undefined ? { error } : {}),
      ...(childCause !== undefined ? { cause: childCause } : {}),
    },
    ...(child?.emrStep ? { emrStep: child.emrStep } : {}),
  };
}

function isEmrStep(failure: FailureRecord): boolean {
  return (
    (failure.resourceType === 'elasticmapreduce' ||
      /elasticmapreduce/.test(failure.resource ?? '')) &&
    /addStep/.test(failure.resource ?? '')
  );
}

/**
 * The cluster id is in the task's scheduled arguments; the step id is in the cause, which Step
 * Functions fills with the DescribeStep `Step` object (and the local runtime with a message
 * naming the step).
 */
function emrStepOf(failure: FailureRecord): NonNullable<FailureDescription['emrStep']> {
  const params = parseJson(failure.taskParameters);
  const cause = parseJson(failure.cause);
  const clusterId =
    stringAt(params, ['ClusterId']) ?? /\bj-[A-Z0-9]{6,}\b/.exec(failure.taskParameters ?? '')?.[0];
  const stepId =
    stringAt(cause, ['Id']) ??
    stringAt(cause, ['Step', 'Id']) ??
    /\bs-[A-Z0-9]{6,}\b/.exec(failure.cause ?? '')?.[0];
  const logFile =
    stringAt(cause, ['Status', 'FailureDetails', 'LogFile']) ??
    stringAt(cause, ['Step', 'Status', 'FailureDetails', 'LogFile']);
  return {
    ...(clusterId ? { clusterId } : {}),
    ...(stepId ? { stepId } : {}),
    ...(logFile ? { logFile } : {}),
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function stringAt(value: unknown, path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' ? current : undefined;
}
