/**
 * One line per history event for `asl run`: offset from the start, event type, state name and a
 * short detail (input/output/error), e.g.
 * `+0.004s  TaskStateEntered     PrepareInput  {"tickers":["AAPL"]}`.
 */
import type { HistoryEvent } from '../api.ts';

const detailWidth = 100;

function short(text: string | undefined): string {
  if (text === undefined) return '';
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > detailWidth ? `${flat.slice(0, detailWidth - 1)}…` : flat;
}

function failure(
  details: { error?: string | undefined; cause?: string | undefined } | undefined,
): string {
  if (!details) return '';
  return short(
    [details.error, details.cause].filter((s) => s !== undefined && s !== '').join(': '),
  );
}

/** The detail of an event: what entered, left, was called with, returned or failed. */
export function eventDetail(event: HistoryEvent): string {
  const e = event;
  if (e.stateEnteredEventDetails) return short(e.stateEnteredEventDetails.input);
  if (e.stateExitedEventDetails) return short(e.stateExitedEventDetails.output);
  if (e.taskScheduledEventDetails) {
    return short(
      `${e.taskScheduledEventDetails.resourceType}:${e.taskScheduledEventDetails.resource} ${e.taskScheduledEventDetails.parameters}`,
    );
  }
  if (e.taskSucceededEventDetails) return short(e.taskSucceededEventDetails.output);
  if (e.taskSubmittedEventDetails) return short(e.taskSubmittedEventDetails.output);
  if (e.lambdaFunctionScheduledEventDetails)
    return short(e.lambdaFunctionScheduledEventDetails.input);
  if (e.lambdaFunctionSucceededEventDetails)
    return short(e.lambdaFunctionSucceededEventDetails.output);
  if (e.executionStartedEventDetails) return short(e.executionStartedEventDetails.input);
  if (e.executionSucceededEventDetails) return short(e.executionSucceededEventDetails.output);
  return failure(
    e.taskFailedEventDetails ??
      e.taskTimedOutEventDetails ??
      e.lambdaFunctionFailedEventDetails ??
      e.lambdaFunctionTimedOutEventDetails ??
      e.executionFailedEventDetails ??
      e.executionTimedOutEventDetails ??
      e.executionAbortedEventDetails ??
      e.mapRunFailedEventDetails ??
      e.evaluationFailedEventDetails,
  );
}

/**
 * Formats events as they arrive: remembers which state each event belongs to (events carry the
 * state's name only on entry and exit; the others point back to the previous event of their
 * branch) and the first event's time.
 */
export class EventPrinter {
  private readonly stateOf = new Map<number, string>();
  private startMs: number | undefined;

  line(event: HistoryEvent): string {
    const ms = event.timestamp ? new Date(event.timestamp).getTime() : 0;
    this.startMs ??= ms;
    const named = event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
    const state =
      named ?? (event.previousEventId ? this.stateOf.get(event.previousEventId) : undefined) ?? '';
    if (event.id !== undefined) this.stateOf.set(event.id, state);
    const shownState = String(event.type).startsWith('Execution') ? '' : state;
    const offset = `+${((ms - this.startMs) / 1000).toFixed(3)}s`;
    return [
      offset.padStart(9),
      String(event.type).padEnd(28),
      shownState.padEnd(20),
      eventDetail(event),
    ]
      .join(' ')
      .trimEnd();
  }
}
