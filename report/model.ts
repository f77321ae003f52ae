/**
 * What the run report shows, computed from the definition, the history and the run record: the
 * states and their edges, what happened in each, the timeline, the per-ticker downloads and the
 * model's metrics. Pure: report/html.ts serialises it into the page, report/browser/ draws it.
 */
import type { RunRecord } from '../contracts/run-record.ts';
import { type ClusterUsage, type RunCost, runCost } from './cost.ts';

export type StateStatus = 'succeeded' | 'failed' | 'caught' | 'retried' | 'not-entered' | 'running';

export type HistoryEventLike = {
  id: number;
  previousEventId?: number;
  type: string;
  timestamp: string | Date;
  [details: string]: unknown;
};

export type ReportState = {
  name: string;
  type: string;
  /** The Map or Parallel state whose iterations run it; absent at the top level. */
  parent?: string;
  comment?: string;
  status: StateStatus;
  /** Times the state was entered (Map iterations count one each). */
  entries: number;
  /** Failed attempts that were retried. */
  retries: number;
  /** Entries whose failure a Catch handled. */
  caught: number;
  /** Total time in the state over its entries, ms. */
  durationMs: number;
  /** The first failing entry's (or else the last entry's) input, output, error and cause. */
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
};

export type ReportEdge = {
  from: string;
  to: string;
  kind: 'next' | 'choice' | 'default' | 'catch' | 'iterates';
  label?: string;
};

export type TimelineBar = {
  row: string;
  /** Which state it is (for the colour and the click). */
  state: string;
  start: number;
  end: number;
  status: StateStatus;
  /** A Map iteration's bar: its index. */
  iteration?: number;
};

export type TickerRow = {
  ticker: string;
  status: string;
  rows?: number;
  retries: number;
  durationMs: number;
  error?: string;
  cause?: string;
  iteration: number;
};

export type ModelMetrics = {
  accuracy?: number;
  baselineAccuracy?: number;
  auc?: number;
  precision?: number;
  recall?: number;
  rows?: number;
  testRows?: number;
  tickers?: number;
  confusion?: { tp: number; fp: number; tn: number; fn: number };
  featureImportances?: Array<{ feature: string; importance: number }>;
  /** Where metrics.json was read from. */
  source: string;
};

/** An execution a `states:startExecution*` task of this run started (a nested run). */
export type NestedRun = {
  /** The Task state that started it. */
  state: string;
  executionArn: string;
  name: string;
  /** Its status as the task saw it; absent when the task only started it (no `.sync`). */
  status?: string;
  error?: string;
  /** Its report, relative to this report, when it is recorded beside this run. */
  href?: string;
  /** Once it failed, recorded beside this run: the state it failed in. */
  failedState?: string;
};

/** The run whose task started this one. */
export type ParentRun = { executionArn: string; name: string; href?: string };

export type ReportModel = {
  title: string;
  record: Pick<
    RunRecord,
    'workflow' | 'executionName' | 'executionArn' | 'status' | 'startDate' | 'stopDate' | 'clusters'
  > & { error?: string; cause?: string; durationMs?: number; causeSummary?: string };
  states: ReportState[];
  edges: ReportEdge[];
  startAt: string;
  /** The state a failed run opens on. */
  failedState?: string;
  /** When that state started a nested run that failed: the run and the state it failed in. */
  nestedFailure?: { name: string; state: string };
  timeline: { start: number; end: number; bars: TimelineBar[] };
  /** `nestedRun`: the rows are that nested run's (a composed workflow downloads in a child). */
  tickers?: { map: string; rows: TickerRow[]; nestedRun?: string };
  metrics?: ModelMetrics;
  /** Why there are no metrics (no metrics.json yet, unreadable). */
  metricsNote?: string;
  /** The run's estimated cost on AWS (report/cost.ts). */
  cost: RunCost;
  /** Executions its `states:startExecution*` tasks started, in order. */
  children?: NestedRun[];
  parent?: ParentRun;
};

type AslState = {
  Type: string;
  Comment?: string;
  Next?: string;
  Default?: string;
  Choices?: Array<{ Next?: string; Condition?: string; Variable?: string }>;
  Catch?: Array<{ Next?: string; ErrorEquals?: string[] }>;
  ItemProcessor?: { StartAt: string; States: Record<string, AslState> };
  Iterator?: { StartAt: string; States: Record<string, AslState> };
  Branches?: Array<{ StartAt: string; States: Record<string, AslState> }>;
};
type AslMachine = { StartAt: string; States: Record<string, AslState> };

/** The definition's states, flattened (inner ones name their parent), and its transitions. */
export function graphOf(definition: AslMachine): {
  states: Array<{ name: string; type: string; parent?: string; comment?: string }>;
  edges: ReportEdge[];
} {
  const states: Array<{ name: string; type: string; parent?: string; comment?: string }> = [];
  const edges: ReportEdge[] = [];
  const visit = (machine: AslMachine, parent?: string) => {
    for (const [name, state] of Object.entries(machine.States)) {
      states.push({
        name,
        type: state.Type,
        ...(parent ? { parent } : {}),
        ...(state.Comment ? { comment: state.Comment } : {}),
      });
      if (state.Next) edges.push({ from: name, to: state.Next, kind: 'next' });
      for (const [i, choice] of (state.Choices ?? []).entries()) {
        if (choice.Next)
          edges.push({ from: name, to: choice.Next, kind: 'choice', label: `#${i + 1}` });
      }
      if (state.Default)
        edges.push({ from: name, to: state.Default, kind: 'default', label: 'default' });
      for (const catcher of state.Catch ?? []) {
        if (catcher.Next) {
          edges.push({
            from: name,
            to: catcher.Next,
            kind: 'catch',
            label: `catch ${(catcher.ErrorEquals ?? []).join(', ')}`,
          });
        }
      }
      const inner = [state.ItemProcessor ?? state.Iterator, ...(state.Branches ?? [])];
      for (const machineInside of inner) {
        if (!machineInside) continue;
        edges.push({ from: name, to: machineInside.StartAt, kind: 'iterates' });
        visit(machineInside, name);
      }
    }
  };
  visit(definition);
  return { states, edges };
}

const FAILURE_TYPES = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed',
  'LambdaFunctionScheduleFailed',
  'MapStateFailed',
  'ParallelStateFailed',
  'ExecutionFailed',
  'ChildExecutionFailed',
]);

/** One time a state was entered: its events, in order. */
type Entry = {
  state: string;
  entered: HistoryEventLike;
  events: HistoryEventLike[];
  exited?: HistoryEventLike;
  iteration?: { map: string; index: number };
};

const time = (e: HistoryEventLike): number => new Date(e.timestamp).getTime();

/** The `...EventDetails` object of an event, whatever its type. */
function detailsOf(e: HistoryEventLike): Record<string, unknown> | undefined {
  for (const [key, value] of Object.entries(e)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      return value as Record<string, unknown>;
    }
  }
  return undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Splits the history into state entries, following previousEventId (Map iterations interleave). */
export function entriesOf(events: HistoryEventLike[]): Entry[] {
  const entryOfEvent = new Map<number, Entry>();
  const iterationOfEvent = new Map<number, { map: string; index: number }>();
  const entries: Entry[] = [];
  for (const e of events) {
    const previous = e.previousEventId ?? 0;
    let iteration = iterationOfEvent.get(previous);
    if (e.type === 'MapIterationStarted') {
      const d = detailsOf(e) ?? {};
      iteration = { map: String(d.name ?? ''), index: Number(d.index ?? 0) };
    }
    if (iteration) iterationOfEvent.set(e.id, iteration);
    if (e.type.endsWith('StateEntered')) {
      const name = str(detailsOf(e)?.name) ?? '?';
      const entry: Entry = {
        state: name,
        entered: e,
        events: [e],
        ...(iteration ? { iteration } : {}),
      };
      entries.push(entry);
      entryOfEvent.set(e.id, entry);
      continue;
    }
    if (e.type.startsWith('MapIteration')) continue;
    // The execution's own end follows the last state's events: it is not part of that state.
    if (e.type.startsWith('Execution')) continue;
    const entry = entryOfEvent.get(previous);
    if (!entry || entry.exited) continue;
    entry.events.push(e);
    entryOfEvent.set(e.id, entry);
    if (e.type.endsWith('StateExited')) entry.exited = e;
  }
  return entries;
}

type EntryOutcome = {
  status: StateStatus;
  retries: number;
  error?: string;
  cause?: string;
};

function outcomeOf(entry: Entry): EntryOutcome {
  let failures = 0;
  let error: string | undefined;
  let cause: string | undefined;
  let lastFailure = -1;
  let lastSuccess = -1;
  entry.events.forEach((e, i) => {
    if (FAILURE_TYPES.has(e.type)) {
      failures += 1;
      lastFailure = i;
      const d = detailsOf(e);
      error = str(d?.error) ?? error;
      cause = str(d?.cause) ?? cause;
    } else if (/(Succeeded)$/.test(e.type)) lastSuccess = i;
  });
  const extras = { ...(error ? { error } : {}), ...(cause ? { cause } : {}) };
  if (entry.entered.type === 'FailStateEntered') {
    const input = parseJson(str(detailsOf(entry.entered)?.input));
    return { status: 'failed', retries: 0, ...extras, ...errorFields(input) };
  }
  if (failures === 0) return { status: entry.exited ? 'succeeded' : 'running', retries: 0 };
  if (!entry.exited) return { status: 'failed', retries: failures - 1, ...extras };
  if (lastSuccess > lastFailure) return { status: 'retried', retries: failures, ...extras };
  return { status: 'caught', retries: failures - 1, ...extras };
}

function errorFields(value: unknown): { error?: string; cause?: string } {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  const error = str(v.Error) ?? str(v.error);
  const cause = str(v.Cause) ?? str(v.cause);
  return { ...(error ? { error } : {}), ...(cause ? { cause } : {}) };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const RANK: Record<StateStatus, number> = {
  'not-entered': 0,
  succeeded: 1,
  retried: 2,
  caught: 3,
  running: 4,
  failed: 5,
};

export type ReportInputs = {
  definition: AslMachine;
  events: HistoryEventLike[];
  record: RunRecord;
  /** metrics.json's text and where it came from, when there is one. */
  metrics?: { text: string; source: string };
  metricsNote?: string;
  /** The run's clusters from the EMR ledger, for the cost. @default [] */
  clusters?: ClusterUsage[];
  /** Execution ARN -> its report relative to this one, for the nested runs recorded beside it. */
  reportHrefs?: Record<string, string>;
  /** Notes for the cost panel (an AWS cluster lookup that failed). */
  costNotes?: string[];
  /**
   * The run's Distributed Map child executions (`map-runs.json`): each child's states count as
   * one iteration of its Map, in the graph, the timeline and the ticker table.
   */
  mapRunChildren?: Array<{ mapState: string; index: number; events: HistoryEventLike[] }>;
  /**
   * The nested runs recorded beside this one (a composed workflow's children): their tickers
   * stand in for the run's own when it downloads nothing itself, their transitions, Lambda calls
   * and clusters add to its cost, and a failed one says where it failed.
   */
  nestedRuns?: NestedRunData[];
};

/** What a parent's report reads of one of its nested runs. */
export type NestedRunData = {
  executionArn: string;
  name: string;
  status: string;
  events: HistoryEventLike[];
  mapRunChildren?: ReportInputs['mapRunChildren'];
  billableTransitions: number;
  clusters: ClusterUsage[];
  error?: string;
  cause?: string;
};

/** A history's entries with its Distributed Map children's as iterations of their Map. */
const allEntries = (
  events: HistoryEventLike[],
  mapRunChildren: ReportInputs['mapRunChildren'] = [],
): Entry[] => [
  ...entriesOf(events),
  ...mapRunChildren.flatMap((child) =>
    entriesOf(child.events).map((entry) => ({
      ...entry,
      iteration: { map: child.mapState, index: child.index },
    })),
  ),
];

/** Where a failed nested run failed: the task that raised its error, or its Fail state. */
function nestedFailedState(run: NestedRunData): string | undefined {
  const entries = allEntries(run.events, run.mapRunChildren);
  const byState = new Map<string, Array<{ entry: Entry; outcome: EntryOutcome }>>();
  for (const entry of entries) {
    byState.set(entry.state, [
      ...(byState.get(entry.state) ?? []),
      { entry, outcome: outcomeOf(entry) },
    ]);
  }
  return failingState(
    entries,
    byState,
    { error: run.error, cause: run.cause } as RunRecord,
    run.events,
  );
}

export function buildReportModel(inputs: ReportInputs): ReportModel {
  const { definition, events, record } = inputs;
  const graph = graphOf(definition);
  const nestedRuns = inputs.nestedRuns ?? [];
  const entries = allEntries(events, inputs.mapRunChildren);
  const byState = new Map<string, Array<{ entry: Entry; outcome: EntryOutcome }>>();
  for (const entry of entries) {
    const list = byState.get(entry.state) ?? [];
    list.push({ entry, outcome: outcomeOf(entry) });
    byState.set(entry.state, list);
  }
  const runEnd = events.length > 0 ? time(events[events.length - 1] as HistoryEventLike) : 0;
  const runStart = events.length > 0 ? time(events[0] as HistoryEventLike) : 0;
  const endOf = (entry: Entry) =>
    entry.exited
      ? time(entry.exited)
      : time(entry.events[entry.events.length - 1] ?? entry.entered);

  const failedState =
    record.status === 'SUCCEEDED' ? undefined : failingState(entries, byState, record, events);

  const states: ReportState[] = graph.states.map((s) => {
    const list = byState.get(s.name) ?? [];
    let status: StateStatus = 'not-entered';
    for (const { outcome } of list)
      if (RANK[outcome.status] > RANK[status]) status = outcome.status;
    if (s.name === failedState) status = 'failed';
    const shown =
      list.find((x) => x.outcome.status === 'failed') ??
      list.find((x) => x.outcome.status === 'caught') ??
      list.find((x) => x.outcome.status === 'retried') ??
      list[list.length - 1];
    const d = shown ? detailsOf(shown.entry.entered) : undefined;
    const exitD = shown?.entry.exited ? detailsOf(shown.entry.exited) : undefined;
    const input = str(d?.input);
    const output = str(exitD?.output);
    return {
      ...s,
      status,
      entries: list.length,
      retries: list.reduce((n, x) => n + x.outcome.retries, 0),
      caught: list.filter((x) => x.outcome.status === 'caught').length,
      durationMs: list.reduce((n, x) => n + (endOf(x.entry) - time(x.entry.entered)), 0),
      ...(input !== undefined ? { input } : {}),
      ...(output !== undefined ? { output } : {}),
      ...(shown?.outcome.error ? { error: shown.outcome.error } : {}),
      ...(shown?.outcome.cause ? { cause: shown.outcome.cause } : {}),
    };
  });

  const bars: TimelineBar[] = [];
  const iterationBars = new Map<string, TimelineBar>();
  for (const entry of entries) {
    const outcome = outcomeOf(entry);
    const status = entry.state === failedState ? 'failed' : outcome.status;
    if (entry.iteration) {
      const key = `${entry.iteration.map}#${entry.iteration.index}`;
      const bar = iterationBars.get(key);
      if (bar) {
        bar.start = Math.min(bar.start, time(entry.entered));
        bar.end = Math.max(bar.end, endOf(entry));
        if (RANK[status] > RANK[bar.status]) bar.status = status;
      } else {
        const input = parseJson(str(detailsOf(entry.entered)?.input));
        const ticker = tickerOf(input);
        const items = itemsOf(input);
        const label = ticker ? ` ${ticker}` : items ? ` (${items.length} items)` : '';
        const newBar: TimelineBar = {
          row: `${entry.iteration.map} #${entry.iteration.index}${label}`,
          state: entry.state,
          start: time(entry.entered),
          end: endOf(entry),
          status,
          iteration: entry.iteration.index,
        };
        iterationBars.set(key, newBar);
        bars.push(newBar);
      }
      continue;
    }
    bars.push({
      row: entry.state,
      state: entry.state,
      start: time(entry.entered),
      end: endOf(entry),
      status,
    });
  }

  // Distributed Map children come after the parent's entries: draw every bar in start order.
  bars.sort((a, b) => a.start - b.start);
  // A composed workflow downloads in a nested run: its tickers are the run's.
  let tickers: ReportModel['tickers'] = tickerRows(entries);
  for (const run of nestedRuns) {
    if (tickers) break;
    const rows = tickerRows(allEntries(run.events, run.mapRunChildren));
    if (rows) tickers = { ...rows, nestedRun: run.name };
  }
  const hrefs = inputs.reportHrefs ?? {};
  const children = childExecutionsOf(events).map((c) => {
    const run = nestedRuns.find((n) => n.executionArn === c.executionArn);
    const failedIn = run && run.status !== 'SUCCEEDED' ? nestedFailedState(run) : undefined;
    return {
      ...c,
      ...(hrefs[c.executionArn] ? { href: hrefs[c.executionArn] as string } : {}),
      ...(failedIn !== undefined ? { failedState: failedIn } : {}),
    };
  });
  const failedChild = children.find((c) => c.state === failedState && c.failedState);
  const parentArn = record.parentExecutionArn;
  const metrics = inputs.metrics
    ? parseMetrics(inputs.metrics.text, inputs.metrics.source)
    : undefined;
  const start = record.startDate ? Date.parse(record.startDate) : runStart;
  const stop = record.stopDate ? Date.parse(record.stopDate) : runEnd;
  return {
    title: `${record.workflow} · ${record.executionName} · ${record.status}`,
    record: {
      workflow: record.workflow,
      executionName: record.executionName,
      executionArn: record.executionArn,
      status: record.status,
      clusters: record.clusters,
      ...(record.startDate ? { startDate: record.startDate } : {}),
      ...(record.stopDate ? { stopDate: record.stopDate } : {}),
      ...(record.error ? { error: record.error } : {}),
      ...(record.cause ? { cause: record.cause, causeSummary: readableCause(record.cause) } : {}),
      ...(Number.isFinite(stop - start) ? { durationMs: stop - start } : {}),
    },
    states,
    edges: graph.edges,
    startAt: definition.StartAt,
    ...(failedState ? { failedState } : {}),
    ...(failedChild
      ? { nestedFailure: { name: failedChild.name, state: failedChild.failedState as string } }
      : {}),
    timeline: { start: runStart, end: Math.max(runEnd, runStart + 1), bars },
    ...(tickers ? { tickers } : {}),
    ...(metrics ? { metrics } : {}),
    cost: withNotes(
      runCost({
        events,
        childHistories: [
          ...(inputs.mapRunChildren ?? []).map((c) => c.events),
          ...nestedRuns.flatMap((n) => [
            n.events,
            ...(n.mapRunChildren ?? []).map((c) => c.events),
          ]),
        ],
        billableTransitions:
          record.billableTransitions + nestedRuns.reduce((t, n) => t + n.billableTransitions, 0),
        // A local run's record lists its nested runs' clusters too: count each once.
        clusters: [
          ...(inputs.clusters ?? []),
          ...nestedRuns
            .flatMap((n) => n.clusters)
            .filter((c) => !(inputs.clusters ?? []).some((own) => own.id === c.id)),
        ],
        ...(record.stopDate ? { stopDate: record.stopDate } : {}),
      }),
      [
        ...(inputs.costNotes ?? []),
        ...(nestedRuns.length > 0
          ? [`includes the nested runs ${nestedRuns.map((n) => n.name).join(', ')}`]
          : []),
      ],
    ),
    ...(children.length > 0 ? { children } : {}),
    ...(parentArn
      ? {
          parent: {
            executionArn: parentArn,
            name: parentArn.split(':').at(-1) ?? parentArn,
            ...(hrefs[parentArn] ? { href: hrefs[parentArn] } : {}),
          },
        }
      : {}),
    ...(!metrics
      ? {
          metricsNote:
            inputs.metricsNote ??
            (inputs.metrics ? 'metrics.json could not be parsed' : 'no metrics.json for this run'),
        }
      : {}),
  };
}

/**
 * The state the run failed in: the entry whose failure carries the execution's error (a Task that
 * failed, was caught for clean-up and rethrown), else where the ExecutionFailed event leads.
 */
function failingState(
  entries: Entry[],
  byState: Map<string, Array<{ entry: Entry; outcome: EntryOutcome }>>,
  record: RunRecord,
  events: HistoryEventLike[],
): string | undefined {
  const all = [...byState.values()].flat();
  const matching = all.filter(
    (x) =>
      x.entry.entered.type !== 'FailStateEntered' &&
      !x.entry.iteration &&
      record.error !== undefined &&
      ((x.outcome.error === record.error &&
        (x.outcome.cause === undefined ||
          record.cause === undefined ||
          x.outcome.cause === record.cause)) ||
        raisesNestedFailure(x.outcome.cause, record)),
  );
  if (matching.length > 0) return matching[matching.length - 1]?.entry.state;
  const failEntry = [...entries].reverse().find((e) => e.entered.type === 'FailStateEntered');
  if (failEntry) return failEntry.state;
  const unexited = [...entries].reverse().find((e) => !e.exited && !e.iteration);
  if (unexited) return unexited.state;
  const last = events[events.length - 1];
  return last ? entries[entries.length - 1]?.state : undefined;
}

/**
 * A `.sync` task's cause is its nested run's DescribeExecution: the run failed with that run's
 * error and cause when a Catch re-raised them (a composed workflow's NestedExecutionFailed).
 */
function raisesNestedFailure(cause: string | undefined, record: RunRecord): boolean {
  const described = parseJson(cause) as Record<string, unknown> | undefined;
  if (typeof described?.ExecutionArn !== 'string') return false;
  return (
    described.Error === record.error &&
    (described.Cause === undefined ||
      record.cause === undefined ||
      described.Cause === record.cause)
  );
}

/** A batch's items (a Distributed Map with an ItemBatcher: `{ Items, BatchInput }`). */
function itemsOf(value: unknown): unknown[] | undefined {
  const items =
    value && typeof value === 'object' ? (value as { Items?: unknown }).Items : undefined;
  return Array.isArray(items) ? items : undefined;
}

/**
 * The ticker rows of one batch iteration (contracts/download.ts DownloadBatchResult): the download
 * Lambda's `results`, read from its TaskSucceeded output (the state's Output keeps only counts);
 * a batch whose call failed gives each of its items as failed with the call's error.
 */
function batchRows(list: Entry[]): TickerRow[] | undefined {
  const first = list[0] as Entry;
  const items = itemsOf(parseJson(str(detailsOf(first.entered)?.input)));
  if (!items) return undefined;
  const index = first.iteration?.index ?? 0;
  const outcomes = list.map(outcomeOf);
  const retries = outcomes.reduce((n, o) => n + o.retries, 0);
  const durationMs =
    Math.max(...list.map((e) => (e.exited ? time(e.exited) : time(e.entered)))) -
    time(first.entered);
  let results: unknown;
  for (const e of list.flatMap((entry) => entry.events)) {
    if (e.type !== 'TaskSucceeded' && e.type !== 'LambdaFunctionSucceeded') continue;
    const body = parseJson(str(detailsOf(e)?.output)) as Record<string, unknown> | undefined;
    const payload = (body?.Payload ?? body) as Record<string, unknown> | undefined;
    if (Array.isArray(payload?.results)) results = payload.results;
  }
  if (Array.isArray(results)) {
    return results.flatMap((r): TickerRow[] => {
      const v = (r ?? {}) as Record<string, unknown>;
      const ticker = str(v.ticker);
      if (!ticker) return [];
      const error = str(v.error);
      return [
        {
          ticker,
          status: str(v.status) ?? 'done',
          retries,
          durationMs,
          iteration: index,
          ...(typeof v.rows === 'number' ? { rows: v.rows } : {}),
          ...(error ? { error } : {}),
        },
      ];
    });
  }
  const failed = outcomes.find((o) => o.error !== undefined);
  const cause = lambdaMessage(failed?.cause);
  return items.flatMap((item): TickerRow[] => {
    const ticker = tickerOf(item);
    if (!ticker) return [];
    return [
      {
        ticker,
        status: failed ? 'failed' : last(list)?.exited ? 'done' : 'running',
        retries,
        durationMs,
        iteration: index,
        ...(failed?.error ? { error: failed.error } : {}),
        ...(cause ? { cause } : {}),
      },
    ];
  });
}

const last = <T>(list: readonly T[]): T | undefined => list[list.length - 1];

function tickerOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return str((value as Record<string, unknown>).ticker);
  return undefined;
}

/**
 * One row per iteration of a Map whose iterations are downloads: the iteration's input names a
 * ticker and its last output carries the download result's `status` (contracts/download.ts).
 */
function tickerRows(entries: Entry[]): { map: string; rows: TickerRow[] } | undefined {
  const iterations = new Map<string, Entry[]>();
  for (const entry of entries) {
    if (!entry.iteration) continue;
    const key = `${entry.iteration.map}#${entry.iteration.index}`;
    iterations.set(key, [...(iterations.get(key) ?? []), entry]);
  }
  const byMap = new Map<string, TickerRow[]>();
  for (const list of iterations.values()) {
    const first = list[0] as Entry;
    const last = list[list.length - 1] as Entry;
    const batch = batchRows(list);
    if (batch) {
      const map = first.iteration?.map ?? '';
      byMap.set(map, [...(byMap.get(map) ?? []), ...batch]);
      continue;
    }
    const ticker = tickerOf(parseJson(str(detailsOf(first.entered)?.input)));
    const output = parseJson(str(last.exited ? detailsOf(last.exited)?.output : undefined)) as
      | Record<string, unknown>
      | undefined;
    if (!ticker) continue;
    const outcomes = list.map(outcomeOf);
    const failedOutcome = outcomes.find((o) => o.error !== undefined);
    const status =
      str(output?.status) ??
      (outcomes.some((o) => o.status === 'failed') ? 'failed' : last.exited ? 'done' : 'running');
    const error = str(output?.error) ?? failedOutcome?.error;
    const cause = lambdaMessage(str(output?.cause) ?? failedOutcome?.cause);
    const row: TickerRow = {
      ticker,
      status,
      retries: outcomes.reduce((n, o) => n + o.retries, 0),
      durationMs:
        Math.max(...list.map((e) => (e.exited ? time(e.exited) : time(e.entered)))) -
        time(first.entered),
      iteration: first.iteration?.index ?? 0,
      ...(typeof output?.rows === 'number' ? { rows: output.rows } : {}),
      ...(error ? { error } : {}),
      ...(cause ? { cause } : {}),
    };
    const map = first.iteration?.map ?? '';
    byMap.set(map, [...(byMap.get(map) ?? []), row]);
  }
  const [map, rows] = [...byMap.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (map === undefined || !rows || rows.length === 0) return undefined;
  return { map, rows: rows.sort((a, b) => a.iteration - b.iteration) };
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** metrics.json (docs/training.md, schema_version 1) -> what the model panel draws. */
export function parseMetrics(text: string, source: string): ModelMetrics | undefined {
  const m = parseJson(text);
  if (!m || typeof m !== 'object' || Array.isArray(m)) return undefined;
  const v = m as Record<string, unknown>;
  const rows = v.rows && typeof v.rows === 'object' ? (v.rows as Record<string, unknown>) : {};
  const cm =
    v.confusion_matrix && typeof v.confusion_matrix === 'object'
      ? (v.confusion_matrix as Record<string, unknown>)
      : undefined;
  const importances =
    v.feature_importances && typeof v.feature_importances === 'object'
      ? Object.entries(v.feature_importances as Record<string, unknown>)
          .filter((e): e is [string, number] => typeof e[1] === 'number')
          .map(([feature, importance]) => ({ feature, importance }))
          .sort((a, b) => b.importance - a.importance)
      : undefined;
  const out: ModelMetrics = { source };
  const set = <K extends keyof ModelMetrics>(key: K, value: ModelMetrics[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('accuracy', num(v.accuracy));
  set('baselineAccuracy', num(v.baseline_accuracy) ?? num(v.baselineAccuracy));
  set('auc', num(v.auc));
  set('precision', num(v.precision));
  set('recall', num(v.recall));
  set('rows', num(rows.total));
  set('testRows', num(rows.test));
  set('tickers', num(v.tickers));
  if (cm) {
    const [tp, fp, tn, fn] = [num(cm.tp), num(cm.fp), num(cm.tn), num(cm.fn)];
    if (tp !== undefined && fp !== undefined && tn !== undefined && fn !== undefined) {
      out.confusion = { tp, fp, tn, fn };
    }
  }
  if (importances && importances.length > 0) out.featureImportances = importances;
  return out;
}

/**
 * EMR `.sync` failures carry the whole DescribeStep `Step` or DescribeCluster `Cluster` as their
 * cause: its failure reason and message say more than the JSON (the JSON stays in the details).
 */
export function readableCause(cause: string): string {
  const parsed = parseJson(cause) as
    | { Status?: Record<string, unknown>; ExecutionArn?: unknown; Name?: unknown }
    | undefined;
  // A nested run's failure: its DescribeExecution, whose Error and Cause are the news.
  if (typeof parsed?.ExecutionArn === 'string' && typeof parsed.Status === 'string') {
    const { Name, Status, Error: error, Cause } = parsed as Record<string, unknown>;
    return [`nested run ${String(Name)} ${String(Status)}`, error, Cause]
      .filter((x) => typeof x === 'string' && x !== '')
      .join(': ');
  }
  const status = parsed?.Status;
  const details = (status?.FailureDetails ?? status?.StateChangeReason) as
    | { Reason?: string; Code?: string; Message?: string }
    | undefined;
  const head = details?.Reason ?? details?.Code;
  return details && (head || details.Message)
    ? [head, details.Message].filter(Boolean).join(': ')
    : cause;
}

/** A Lambda error's cause is `{"errorType","errorMessage","trace"}`: its message is the news. */
export function lambdaMessage(cause: string | undefined): string | undefined {
  const parsed = parseJson(cause) as { errorMessage?: unknown } | undefined;
  return parsed && typeof parsed.errorMessage === 'string' ? parsed.errorMessage : cause;
}

function withNotes(cost: RunCost, notes: readonly string[]): RunCost {
  return notes.length > 0 ? { ...cost, notes: [...notes, ...cost.notes] } : cost;
}

/**
 * The executions the history's `states:startExecution*` tasks started: a TaskSubmitted (`.sync`,
 * `.sync:2`, `.waitForTaskToken`) or a plain StartExecution's TaskSucceeded names the child's ARN;
 * a `.sync` task's TaskSucceeded or TaskFailed carries its DescribeExecution (status, error), as
 * output or as the failure's cause (engine/integrations/sfn-responses.ts, as AWS records it).
 */
export function childExecutionsOf(events: HistoryEventLike[]): NestedRun[] {
  const out: NestedRun[] = [];
  for (const entry of entriesOf(events)) {
    let current: NestedRun | undefined;
    for (const e of entry.events) {
      const d = detailsOf(e);
      // `states` + `startExecution.sync:2`, however the recorder split the resource at a colon.
      const resource = `${str(d?.resourceType) ?? ''}:${str(d?.resource) ?? ''}`;
      if (!d || !resource.startsWith('states:startExecution')) continue;
      const sync = resource !== 'states:startExecution';
      const body = parseJson(str(e.type === 'TaskFailed' ? d.cause : d.output)) as
        | Record<string, unknown>
        | undefined;
      const arn = str(body?.ExecutionArn);
      if (e.type === 'TaskSubmitted' || (e.type === 'TaskSucceeded' && !sync)) {
        if (!arn) continue;
        current = { state: entry.state, executionArn: arn, name: arn.split(':').at(-1) ?? arn };
        out.push(current);
        continue;
      }
      if (e.type !== 'TaskSucceeded' && e.type !== 'TaskFailed' && e.type !== 'TaskTimedOut')
        continue;
      if (!current && arn) {
        current = { state: entry.state, executionArn: arn, name: arn.split(':').at(-1) ?? arn };
        out.push(current);
      }
      if (!current) continue;
      const status = str(body?.Status);
      if (str(body?.Name)) current.name = str(body?.Name) as string;
      if (status) current.status = status;
      const error = str(body?.Error) ?? (e.type === 'TaskSucceeded' ? undefined : str(d.error));
      if (error) current.error = error;
      current = undefined;
    }
  }
  return out;
}
