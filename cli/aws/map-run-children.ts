/**
 * The child executions of an AWS execution's Distributed Map Runs, read for the run report as the
 * local runtime keeps them (`map-runs.json`, engine MapRunChildResult): for each `MapRunStarted`
 * event, ListExecutions of its Map Run (all pages) and GetExecutionHistory of each child (all
 * pages). A Map Run of thousands of children costs one history read per child, so at most
 * `limit` children are read per run; the rest are counted in a note, never silently left out.
 */
import {
  type ExecutionListItem,
  type HistoryEvent,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { MapRunChildResult } from '../../engine/api.ts';
import { fetchNewEvents } from './history.ts';

/** Children read per run unless asked otherwise: 100 history reads, about 200 API calls. */
export const MAP_RUN_CHILDREN_LIMIT = 100;

export type MapRunChildren = { children: MapRunChildResult[]; notes: string[] };

/** The Map state each Map Run belongs to: the nearest MapStateEntered before its MapRunStarted. */
function mapRunsOf(
  events: readonly HistoryEvent[],
): Array<{ mapRunArn: string; mapState: string }> {
  const runs: Array<{ mapRunArn: string; mapState: string }> = [];
  let mapState = '';
  for (const e of events) {
    if (e.type === 'MapStateEntered') mapState = e.stateEnteredEventDetails?.name ?? '';
    const arn = e.mapRunStartedEventDetails?.mapRunArn;
    if (e.type === 'MapRunStarted' && arn) runs.push({ mapRunArn: arn, mapState });
  }
  return runs;
}

async function listChildren(sfn: SFNClient, mapRunArn: string): Promise<ExecutionListItem[]> {
  const items: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ mapRunArn, nextToken }));
    items.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

export async function fetchMapRunChildren(
  sfn: SFNClient,
  parentExecutionArn: string,
  events: readonly HistoryEvent[],
  limit = MAP_RUN_CHILDREN_LIMIT,
): Promise<MapRunChildren> {
  const children: MapRunChildResult[] = [];
  const notes: string[] = [];
  for (const run of mapRunsOf(events)) {
    // The order they started in stands for their index: ListExecutions does not give it.
    const items = (await listChildren(sfn, run.mapRunArn)).sort(
      (a, b) => (a.startDate?.getTime() ?? 0) - (b.startDate?.getTime() ?? 0),
    );
    const room = Math.max(0, limit - children.length);
    if (items.length > room) {
      notes.push(
        `Map Run of ${run.mapState}: ${items.length} child executions, the first ${room} read (the report's timeline and tickers show those)`,
      );
    }
    for (const [index, item] of items.slice(0, room).entries()) {
      if (!item.executionArn) continue;
      children.push({
        mapRunArn: run.mapRunArn,
        mapState: run.mapState,
        parentExecutionArn,
        index,
        executionArn: item.executionArn,
        name: item.name ?? item.executionArn.split(':').at(-1) ?? '',
        status: (item.status ?? 'FAILED') as MapRunChildResult['status'],
        events: (await fetchNewEvents(sfn, item.executionArn, 0)) as MapRunChildResult['events'],
      });
    }
  }
  return { children, notes };
}
