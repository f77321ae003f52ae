/**
 * Follow an execution on AWS until it ends: DescribeExecution for the status, incremental
 * GetExecutionHistory for the events, DescribeMapRun for distributed Map item counts. Throttling
 * (after the SDK's own retries) doubles the poll interval up to 30 s; any success resets it.
 */
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  DescribeMapRunCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { LiveView } from '../progress/live.ts';
import { isThrottling } from './errors.ts';
import { fetchNewEvents } from './history.ts';

export const MAX_POLL_MS = 30_000;

export type FollowOptions = {
  sfn: SFNClient;
  executionArn: string;
  view: LiveView;
  pollMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborting ends the follow early: the result is then `detached`. */
  signal: AbortSignal;
  /** Aborting wakes the current sleep without ending the follow (a stop was just requested). */
  wake?: () => AbortSignal;
  onThrottled?: (nextDelayMs: number) => void;
};

export type FollowResult =
  | { detached: false; description: DescribeExecutionOutput; throttled: number }
  | { detached: true; throttled: number };

export async function followExecution(options: FollowOptions): Promise<FollowResult> {
  const { sfn, executionArn, view } = options;
  let lastEventId = view.snapshot().lastEventId;
  let delay = options.pollMs;
  let throttled = 0;
  for (;;) {
    if (options.signal.aborted) return { detached: true, throttled };
    try {
      const description = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      // History after the status: once the status is final, the history holds the final event.
      for (const event of await fetchNewEvents(sfn, executionArn, lastEventId)) {
        lastEventId = Math.max(lastEventId, event.id ?? 0);
        view.onEvent(event);
      }
      for (const mapRunArn of view.activeMapRuns()) {
        view.onMapRun(await sfn.send(new DescribeMapRunCommand({ mapRunArn })));
      }
      if (description.status !== 'RUNNING' && description.status !== 'PENDING_REDRIVE') {
        return { detached: false, description, throttled };
      }
      delay = options.pollMs;
    } catch (error) {
      if (!isThrottling(error)) throw error;
      throttled += 1;
      delay = Math.min(delay * 2, MAX_POLL_MS);
      options.onThrottled?.(delay);
    }
    const wake = options.wake?.();
    await options.sleep(delay, wake ? AbortSignal.any([options.signal, wake]) : options.signal);
  }
}
