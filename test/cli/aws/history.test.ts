import type { GetExecutionHistoryCommand, HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { fetchNewEvents } from '../../../cli/aws/history.ts';

/**
 * A stand-in that pages like GetExecutionHistory does (maxResults, nextToken, reverseOrder).
 * moto's server ignores all three and returns the whole history, so paging is proven here.
 */
function pagingClient(total: number) {
  const events: HistoryEvent[] = Array.from({ length: total }, (_, i) => ({
    id: i + 1,
    type: 'PassStateEntered',
    timestamp: new Date(0),
  }));
  const calls: Array<{ nextToken?: string; reverseOrder?: boolean }> = [];
  const client = {
    send: async (command: GetExecutionHistoryCommand) => {
      const input = command.input;
      calls.push({
        ...(input.nextToken ? { nextToken: input.nextToken } : {}),
        ...(input.reverseOrder ? { reverseOrder: input.reverseOrder } : {}),
      });
      const ordered = input.reverseOrder ? [...events].reverse() : events;
      const start = input.nextToken ? Number(input.nextToken) : 0;
      const size = Math.min(input.maxResults ?? 100, 3);
      const page = ordered.slice(start, start + size);
      const next = start + size < ordered.length ? String(start + size) : undefined;
      return { events: page, ...(next ? { nextToken: next } : {}) };
    },
  };
  return { client: client as unknown as SFNClient, calls, events };
}

describe('fetchNewEvents', () => {
  it('reads every page on the first poll and returns events oldest first', async () => {
    const { client, calls } = pagingClient(8);
    const events = await fetchNewEvents(client, 'arn', 0);
    expect(events.map((event) => event.id)).toStrictEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => call.reverseOrder)).toBe(true);
  });

  it('stops at the first page holding an already-seen event', async () => {
    const { client, calls } = pagingClient(1000);
    const events = await fetchNewEvents(client, 'arn', 998);
    expect(events.map((event) => event.id)).toStrictEqual([999, 1000]);
    expect(calls).toHaveLength(1);
  });

  it('returns nothing when no event is new', async () => {
    const { client } = pagingClient(5);
    expect(await fetchNewEvents(client, 'arn', 5)).toStrictEqual([]);
  });
});
