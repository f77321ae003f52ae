/**
 * The estimated cost of one run, from what it did: Standard state transitions billed (the
 * engine's count, docs/engine.md "Billing"), Lambda GB-seconds (each invocation's duration in the
 * history × its function's memory, contracts/lambda-env.ts) and requests, and the instance-hours
 * of its EMR clusters (creation to termination in the EMR ledger × instance count), priced with
 * the dry run's list prices (contracts/prices.ts). An estimate: local durations are this
 * machine's, and EMR's per-second billing and the Spot discount are left out.
 */
import { LAMBDA_MEMORY_MB } from '../contracts/lambda-env.ts';
import { INSTANCE_HOUR_PRICES, PRICES } from '../contracts/prices.ts';

/** What the cost reads of a history event (report/model.ts's HistoryEventLike fits). */
type HistoryEventLike = {
  id: number;
  previousEventId?: number;
  type: string;
  timestamp: string | Date;
};

/** A cluster as the cost needs it, read from the EMR ledger. */
export type ClusterUsage = {
  id: string;
  /** ISO-8601: CreationDateTime and EndDateTime (absent: still running at the run's end). */
  created: string;
  ended?: string;
  instanceGroups: Array<{ instanceType: string; instanceCount: number }>;
  /** Where the figures came from when not the local EMR ledger (`DescribeCluster`). */
  source?: string;
  /** EMR's own NormalizedInstanceHours, when DescribeCluster gave it. */
  normalizedInstanceHours?: number;
};

export type RunCost = {
  transitions: { count: number; usd: number };
  lambda: {
    invocations: number;
    gbSeconds: number;
    usd: number;
    byFunction: Array<{ name: string; memoryMb: number; invocations: number; seconds: number }>;
  };
  clusters: Array<{
    id: string;
    minutes: number;
    instanceHours: number;
    usd: number;
    source?: string;
    normalizedInstanceHours?: number;
  }>;
  emrUsd: number;
  totalUsd: number;
  /** Why a figure may be off (an unknown function's memory, an instance type without a price). */
  notes: string[];
};

/** Memory when the function is not one of ours (the Lambda default). */
const DEFAULT_MEMORY_MB = 128;

const ms = (value: string | Date): number =>
  value instanceof Date ? value.getTime() : Date.parse(value);

/** `arn:...:function:market-pipeline-download-ticker[:qualifier]` -> `download-ticker`'s memory. */
function memoryOf(functionName: string): number | undefined {
  const name = /function:([^:]+)/.exec(functionName)?.[1] ?? functionName;
  const task = Object.keys(LAMBDA_MEMORY_MB).find((t) => name === t || name.endsWith(`-${t}`));
  return task ? LAMBDA_MEMORY_MB[task as keyof typeof LAMBDA_MEMORY_MB] : undefined;
}

type Detail = { resourceType?: string; parameters?: string };

/**
 * Lambda invocations in `events`: each TaskScheduled of a `lambda` resource, timed from its
 * TaskStarted to the TaskSucceeded / TaskFailed / TaskTimedOut that follows it (events chain by
 * previousEventId, so concurrent Map iterations do not mix).
 */
export function lambdaInvocations(
  events: readonly HistoryEventLike[],
): Array<{ functionName: string; seconds: number }> {
  const byPrevious = new Map<number, HistoryEventLike>();
  for (const e of events) if (e.previousEventId !== undefined) byPrevious.set(e.previousEventId, e);
  const out: Array<{ functionName: string; seconds: number }> = [];
  for (const e of events) {
    if (e.type !== 'TaskScheduled') continue;
    const d = (e as { taskScheduledEventDetails?: Detail }).taskScheduledEventDetails;
    if (d?.resourceType !== 'lambda') continue;
    let functionName = '?';
    try {
      const params = JSON.parse(d.parameters ?? '{}') as { FunctionName?: unknown };
      if (typeof params.FunctionName === 'string') functionName = params.FunctionName;
    } catch {
      // Parameters too large for the history are truncated: the function stays unknown.
    }
    const started = byPrevious.get(e.id);
    const ended = started && byPrevious.get(started.id);
    const done = ended && /^Task(Succeeded|Failed|TimedOut)$/.test(ended.type) ? ended : undefined;
    const seconds =
      started && done ? Math.max(0, ms(done.timestamp) - ms(started.timestamp)) / 1000 : 0;
    out.push({ functionName, seconds });
  }
  return out;
}

export function runCost(input: {
  events: readonly HistoryEventLike[];
  /** Other histories of the run (Distributed Map children), each with its own event ids. */
  childHistories?: ReadonlyArray<readonly HistoryEventLike[]>;
  billableTransitions: number;
  clusters: readonly ClusterUsage[];
  /** The run's end, for a cluster the ledger shows still running. */
  stopDate?: string;
}): RunCost {
  const notes: string[] = [];
  const transitionsUsd = (input.billableTransitions / 1000) * PRICES.transitionPer1000;

  const functions = new Map<string, RunCost['lambda']['byFunction'][number]>();
  const calls = [input.events, ...(input.childHistories ?? [])].flatMap(lambdaInvocations);
  for (const call of calls) {
    const name = /function:([^:]+)/.exec(call.functionName)?.[1] ?? call.functionName;
    let f = functions.get(name);
    if (!f) {
      const memoryMb = memoryOf(call.functionName);
      if (memoryMb === undefined) {
        notes.push(`Lambda ${name}: memory unknown, priced at ${DEFAULT_MEMORY_MB} MB`);
      }
      f = { name, memoryMb: memoryMb ?? DEFAULT_MEMORY_MB, invocations: 0, seconds: 0 };
      functions.set(name, f);
    }
    f.invocations += 1;
    f.seconds += call.seconds;
  }
  const byFunction = [...functions.values()];
  const invocations = byFunction.reduce((n, f) => n + f.invocations, 0);
  const gbSeconds = byFunction.reduce((n, f) => n + (f.seconds * f.memoryMb) / 1024, 0);
  const lambdaUsd =
    gbSeconds * PRICES.lambdaGbSecond + (invocations / 1e6) * PRICES.lambdaRequestPerMillion;

  const clusters = input.clusters.map((c) => {
    const end = c.ended ?? input.stopDate;
    const minutes = end ? Math.max(0, ms(end) - ms(c.created)) / 60_000 : 0;
    if (!c.ended)
      notes.push(`cluster ${c.id}: not terminated in the ledger; counted to the run's end`);
    let usd = 0;
    let instanceHours = 0;
    for (const g of c.instanceGroups) {
      const price = INSTANCE_HOUR_PRICES[g.instanceType];
      const hours = (minutes / 60) * g.instanceCount;
      instanceHours += hours;
      if (price) usd += hours * (price.ec2 + price.emr);
      else notes.push(`cluster ${c.id}: no list price for ${g.instanceType}; not priced`);
    }
    return {
      id: c.id,
      minutes,
      instanceHours,
      usd,
      ...(c.source ? { source: c.source } : {}),
      ...(c.normalizedInstanceHours !== undefined
        ? { normalizedInstanceHours: c.normalizedInstanceHours }
        : {}),
    };
  });
  const emrUsd = clusters.reduce((n, c) => n + c.usd, 0);
  return {
    transitions: { count: input.billableTransitions, usd: transitionsUsd },
    lambda: { invocations, gbSeconds, usd: lambdaUsd, byFunction },
    clusters,
    emrUsd,
    totalUsd: transitionsUsd + lambdaUsd + emrUsd,
    notes,
  };
}

type LedgerCluster = {
  Id?: string;
  Source?: string;
  NormalizedInstanceHours?: number;
  Status?: { Timeline?: { CreationDateTime?: string; EndDateTime?: string } };
  Request?: {
    Instances?: { InstanceGroups?: Array<{ InstanceType?: string; InstanceCount?: number }> };
  };
};

/** The run's clusters in the EMR ledger's JSON (`<stateDir>/emr/clusters.json`), as {@link ClusterUsage}. */
export function clusterUsageOf(ledger: unknown, ids: readonly string[]): ClusterUsage[] {
  if (!Array.isArray(ledger)) return [];
  const out: ClusterUsage[] = [];
  for (const c of ledger as LedgerCluster[]) {
    const created = c.Status?.Timeline?.CreationDateTime;
    if (!c.Id || !ids.includes(c.Id) || !created) continue;
    const ended = c.Status?.Timeline?.EndDateTime;
    out.push({
      id: c.Id,
      created,
      ...(ended ? { ended } : {}),
      instanceGroups: (c.Request?.Instances?.InstanceGroups ?? []).map((g) => ({
        instanceType: String(g.InstanceType),
        instanceCount: g.InstanceCount ?? 1,
      })),
      ...(c.Source ? { source: c.Source } : {}),
      ...(typeof c.NormalizedInstanceHours === 'number'
        ? { normalizedInstanceHours: c.NormalizedInstanceHours }
        : {}),
    });
  }
  return out;
}

/** USD with enough digits to tell small amounts apart: $0.0004, $0.042, $1.27. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  if (usd < 1) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}
