/**
 * Incremental GetExecutionHistory: the API cannot start after an event id, so pages are read
 * newest first (`reverseOrder`) until an already-seen event appears. A poll then costs one page
 * however long the history (up to 25,000 events) has grown.
 */
import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';

const PAGE_SIZE = 1000;

/** Events with id > `afterId`, oldest first. */
export async function fetchNewEvents(
  sfn: SFNClient,
  executionArn: string,
  afterId: number,
): Promise<HistoryEvent[]> {
  const fresh: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        maxResults: PAGE_SIZE,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    const events = page.events ?? [];
    fresh.push(...events.filter((event) => (event.id ?? 0) > afterId));
    // Sorting below makes this independent of the order the server used.
    const overlap = events.some((event) => (event.id ?? 0) <= afterId);
    nextToken = overlap ? undefined : page.nextToken;
  } while (nextToken);
  const byId = new Map(fresh.map((event) => [event.id ?? 0, event]));
  return [...byId.values()].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}
