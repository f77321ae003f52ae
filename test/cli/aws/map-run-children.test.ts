/**
 * An AWS execution's Distributed Map children, read for its report with stand-in SFN answers:
 * ListExecutions of the Map Run followed through its pages, each child's history read, children
 * in the order they started, and a cap that says how many it left out.
 */
import {
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { fetchMapRunChildren } from '../../../cli/aws/map-run-children.ts';

const parent = 'arn:aws:states:us-east-1:123456789012:execution:collect-bars:run-1';
const mapRunArn = 'arn:aws:states:us-east-1:123456789012:mapRun:collect-bars/DownloadTickers:abc';
const at = (s: number) => new Date(Date.UTC(2026, 11, 4, 12, 0, s));
const childArn = (n: number) =>
  `arn:aws:states:us-east-1:123456789012:execution:collect-bars/DownloadTickers:child-${n}`;

const parentEvents: HistoryEvent[] = [
  { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
  {
    id: 2,
    type: 'MapStateEntered',
    timestamp: at(1),
    stateEnteredEventDetails: { name: 'DownloadTickers' },
  },
  { id: 3, type: 'MapRunStarted', timestamp: at(1), mapRunStartedEventDetails: { mapRunArn } },
];

/** Three children over two ListExecutions pages, newest first as AWS lists them. */
function sfn(calls: string[]): SFNClient {
  return {
    send: async (command: unknown) => {
      if (command instanceof ListExecutionsCommand) {
        calls.push(`list ${command.input.nextToken ?? 'first'}`);
        expect(command.input.mapRunArn).toBe(mapRunArn);
        return command.input.nextToken === undefined
          ? {
              executions: [3, 2].map((n) => ({
                executionArn: childArn(n),
                name: `child-${n}`,
                status: 'SUCCEEDED',
                startDate: at(10 + n),
              })),
              nextToken: 'page-2',
            }
          : {
              executions: [
                { executionArn: childArn(1), name: 'child-1', status: 'FAILED', startDate: at(11) },
              ],
            };
      }
      if (command instanceof GetExecutionHistoryCommand) {
        calls.push(`history ${command.input.executionArn?.split(':').at(-1)}`);
        return {
          events: [{ id: 1, type: 'ExecutionStarted', timestamp: at(20) }],
        };
      }
      throw new Error(`unexpected ${String(command)}`);
    },
  } as unknown as SFNClient;
}

describe('fetchMapRunChildren', () => {
  it('reads every child of every Map Run, in the order they started, with its history', async () => {
    const calls: string[] = [];
    const { children, notes } = await fetchMapRunChildren(sfn(calls), parent, parentEvents);
    expect(children.map((c) => [c.index, c.name, c.status, c.mapState])).toStrictEqual([
      [0, 'child-1', 'FAILED', 'DownloadTickers'],
      [1, 'child-2', 'SUCCEEDED', 'DownloadTickers'],
      [2, 'child-3', 'SUCCEEDED', 'DownloadTickers'],
    ]);
    expect(
      children.every((c) => c.parentExecutionArn === parent && c.mapRunArn === mapRunArn),
    ).toBe(true);
    expect(children[0]?.events).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('list'))).toStrictEqual(['list first', 'list page-2']);
    expect(notes).toStrictEqual([]);
  });

  it('reads at most `limit` children and says how many the Map Run had', async () => {
    const calls: string[] = [];
    const { children, notes } = await fetchMapRunChildren(sfn(calls), parent, parentEvents, 2);
    expect(children.map((c) => c.name)).toStrictEqual(['child-1', 'child-2']);
    expect(calls.filter((c) => c.startsWith('history'))).toHaveLength(2);
    expect(notes).toStrictEqual([
      "Map Run of DownloadTickers: 3 child executions, the first 2 read (the report's timeline and tickers show those)",
    ]);
  });

  it('makes no call for an execution without a Map Run', async () => {
    const calls: string[] = [];
    const { children } = await fetchMapRunChildren(sfn(calls), parent, parentEvents.slice(0, 2));
    expect(children).toStrictEqual([]);
    expect(calls).toStrictEqual([]);
  });
});
