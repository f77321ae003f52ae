/**
 * One progress model for both targets: fed HistoryEvents (the local runtime's event stream, or
 * AWS GetExecutionHistory pages) and DescribeMapRun results, it knows the current state, each
 * Map's done / failed / total, the failures seen and the execution's final status.
 */
import type { DescribeMapRunOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import type { ExecutionStatus } from '../../engine/api.ts';

export type MapProgress = {
  name: string;
  /** Items to process: MapStateStarted's length, or DescribeMapRun's itemCounts.total. */
  total?: number;
  succeeded: number;
  /** Failed, timed out or aborted items. */
  failed: number;
  running: number;
  startedAt?: Date;
  finishedAt?: Date;
  mapRunArn?: string;
};

/** A failed task, Lambda, evaluation or Map Run, with the state it happened in. */
export type FailureRecord = {
  eventId: number;
  eventType: string;
  state?: string;
  error?: string;
  cause?: string;
  resourceType?: string;
  resource?: string;
  /** The failed task's Arguments/Parameters as scheduled (JSON text), when known. */
  taskParameters?: string;
};

export type ProgressSnapshot = {
  status: 'RUNNING' | ExecutionStatus;
  startedAt?: Date;
  stoppedAt?: Date;
  /** The top-level state being run (a Map or Parallel while its branches run). */
  currentState?: string;
  maps: MapProgress[];
  /** The download Map: the Map named like "download", else the first Map entered. */
  downloads?: MapProgress;
  output?: string;
  error?: string;
  cause?: string;
  failures: FailureRecord[];
  /** Task results by state name (last one wins), e.g. the EMR cluster id from CreateCluster. */
  taskOutputs: Record<string, string>;
  lastEventId: number;
  eventCount: number;
  /** Executions this one started (states:startExecution), each with its current state. */
  nested?: NestedProgress[];
};

export type NestedProgress = {
  name: string;
  status: 'RUNNING' | ExecutionStatus;
  state?: string;
  /** Once it failed: the state that raised the error. */
  failedState?: string;
  /** Once it failed in an EMR step: where the step's stderr is. */
  emrStep?: { clusterId?: string; stepId?: string; logFile?: string };
};

type Node = { type: string; previous?: number; state?: string; parameters?: string };

const TERMINAL: Partial<Record<string, ExecutionStatus>> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

/** The detail fields of events that carry an error of a task, Lambda, activity or Map Run. */
const FAILURE_DETAILS = [
  'taskFailedEventDetails',
  'taskTimedOutEventDetails',
  'taskStartFailedEventDetails',
  'taskSubmitFailedEventDetails',
  'lambdaFunctionFailedEventDetails',
  'lambdaFunctionTimedOutEventDetails',
  'lambdaFunctionStartFailedEventDetails',
  'lambdaFunctionScheduleFailedEventDetails',
  'activityFailedEventDetails',
  'activityTimedOutEventDetails',
  'activityScheduleFailedEventDetails',
  'mapRunFailedEventDetails',
  'evaluationFailedEventDetails',
] as const satisfies ReadonlyArray<keyof HistoryEvent>;

export class ProgressModel {
  private readonly nodes = new Map<number, Node>();
  private readonly maps = new Map<string, MapProgress>();
  private readonly mapsByRun = new Map<string, MapProgress>();
  /** Map Runs whose final counts (DescribeMapRun with a stopDate) have been applied. */
  private readonly settledRuns = new Set<string>();
  private readonly failures: FailureRecord[] = [];
  private readonly taskOutputs: Record<string, string> = {};
  private status: ProgressSnapshot['status'] = 'RUNNING';
  private startedAt: Date | undefined;
  private stoppedAt: Date | undefined;
  private currentState: string | undefined;
  private containerDepth = 0;
  private output: string | undefined;
  private error: string | undefined;
  private cause: string | undefined;
  private lastEventId = 0;
  private eventCount = 0;

  apply(event: HistoryEvent): void {
    const type = event.type ?? 'Unknown';
    const id = event.id ?? this.lastEventId + 1;
    this.eventCount += 1;
    this.lastEventId = Math.max(this.lastEventId, id);
    const node: Node = {
      type,
      ...(event.previousEventId ? { previous: event.previousEventId } : {}),
    };
    this.nodes.set(id, node);

    const entered = event.stateEnteredEventDetails?.name;
    if (entered !== undefined) {
      node.state = entered;
      if (this.containerDepth === 0) this.currentState = entered;
      if (type === 'MapStateEntered' || type === 'ParallelStateEntered') this.containerDepth += 1;
      if (type === 'MapStateEntered') this.mapNamed(entered);
    }
    if (type === 'MapStateExited' || type === 'ParallelStateExited') {
      this.containerDepth = Math.max(0, this.containerDepth - 1);
    }
    if (event.taskScheduledEventDetails?.parameters !== undefined) {
      node.parameters = event.taskScheduledEventDetails.parameters;
    }
    if (type === 'ExecutionStarted' && !this.startedAt) this.startedAt = event.timestamp;
    if (type === 'TaskSucceeded' || type === 'LambdaFunctionSucceeded') {
      const output =
        event.taskSucceededEventDetails?.output ??
        event.lambdaFunctionSucceededEventDetails?.output;
      const state = this.stateOf(id);
      if (state !== undefined && output !== undefined) this.taskOutputs[state] = output;
    }
    this.applyMapEvent(type, event, id);
    this.recordFailure(type, event, id);
    this.applyTerminal(type, event);
  }

  /** DescribeMapRun is the only progress source for a distributed Map's items on AWS. */
  applyMapRun(run: Pick<DescribeMapRunOutput, 'mapRunArn' | 'itemCounts' | 'stopDate'>): void {
    const map = run.mapRunArn ? this.mapsByRun.get(run.mapRunArn) : undefined;
    const counts = run.itemCounts;
    if (!map || !counts) return;
    if (counts.total !== undefined) map.total = counts.total;
    map.succeeded = counts.succeeded ?? 0;
    map.failed = (counts.failed ?? 0) + (counts.timedOut ?? 0) + (counts.aborted ?? 0);
    map.running = counts.running ?? 0;
    if (run.stopDate && run.mapRunArn) {
      map.finishedAt = run.stopDate;
      this.settledRuns.add(run.mapRunArn);
    }
  }

  /** Map Runs to poll with DescribeMapRun: until one answer carries the final counts. */
  activeMapRuns(): string[] {
    return [...this.mapsByRun.keys()].filter((arn) => !this.settledRuns.has(arn));
  }

  snapshot(): ProgressSnapshot {
    const maps = [...this.maps.values()].map((map) => ({ ...map }));
    const downloads = maps.find((map) => /download/i.test(map.name)) ?? maps[0];
    return {
      status: this.status,
      ...(this.startedAt ? { startedAt: this.startedAt } : {}),
      ...(this.stoppedAt ? { stoppedAt: this.stoppedAt } : {}),
      ...(this.currentState !== undefined ? { currentState: this.currentState } : {}),
      maps,
      ...(downloads ? { downloads } : {}),
      ...(this.output !== undefined ? { output: this.output } : {}),
      ...(this.error !== undefined ? { error: this.error } : {}),
      ...(this.cause !== undefined ? { cause: this.cause } : {}),
      failures: [...this.failures],
      taskOutputs: { ...this.taskOutputs },
      lastEventId: this.lastEventId,
      eventCount: this.eventCount,
    };
  }

  private mapNamed(name: string): MapProgress {
    let map = this.maps.get(name);
    if (!map) {
      map = { name, succeeded: 0, failed: 0, running: 0 };
      this.maps.set(name, map);
    }
    return map;
  }

  private applyMapEvent(type: string, event: HistoryEvent, id: number): void {
    const at = event.timestamp;
    if (type === 'MapStateStarted') {
      const map = this.currentMap(id);
      if (!map) return;
      // A Map entered again (a retry loop) starts counting afresh.
      Object.assign(map, { succeeded: 0, failed: 0, running: 0, finishedAt: undefined });
      const length = event.mapStateStartedEventDetails?.length;
      if (length !== undefined) map.total = length;
      if (at) map.startedAt = at;
      return;
    }
    if (type === 'MapRunStarted') {
      const map = this.currentMap(id);
      const arn = event.mapRunStartedEventDetails?.mapRunArn;
      if (map && arn) {
        map.mapRunArn = arn;
        this.mapsByRun.set(arn, map);
      }
      return;
    }
    const iteration =
      event.mapIterationStartedEventDetails ??
      event.mapIterationSucceededEventDetails ??
      event.mapIterationFailedEventDetails ??
      event.mapIterationAbortedEventDetails;
    if (iteration?.name !== undefined) {
      const map = this.mapNamed(iteration.name);
      if (type === 'MapIterationStarted') map.running += 1;
      else {
        map.running = Math.max(0, map.running - 1);
        if (type === 'MapIterationSucceeded') map.succeeded += 1;
        else map.failed += 1;
      }
      return;
    }
    // MapStateExited names its Map; a Map Run's end links back to its MapRunStarted.
    const exited = type === 'MapStateExited' ? event.stateExitedEventDetails?.name : undefined;
    const ended =
      exited !== undefined
        ? this.maps.get(exited)
        : /^MapRun(Succeeded|Failed|Aborted)$/.test(type)
          ? this.currentMap(id)
          : undefined;
    if (ended && at && !ended.finishedAt) ended.finishedAt = at;
  }

  private recordFailure(type: string, event: HistoryEvent, id: number): void {
    if (type === 'FailStateEntered') {
      this.failures.push({ eventId: id, eventType: type, ...optional('state', this.stateOf(id)) });
      return;
    }
    for (const key of FAILURE_DETAILS) {
      const details = event[key] as
        | {
            error?: string;
            cause?: string;
            resource?: string;
            resourceType?: string;
            state?: string;
          }
        | undefined;
      if (!details) continue;
      const scheduled = this.scheduledParameters(id);
      this.failures.push({
        eventId: id,
        eventType: type,
        ...optional('state', details.state ?? this.stateOf(id)),
        ...optional('error', details.error),
        ...optional('cause', details.cause),
        ...optional('resourceType', details.resourceType),
        ...optional('resource', details.resource),
        ...optional('taskParameters', scheduled),
      });
      return;
    }
  }

  private applyTerminal(type: string, event: HistoryEvent): void {
    const status = TERMINAL[type];
    // Child executions of a distributed Map may share the stream: only a top-level end counts.
    if (!status || this.containerDepth > 0) return;
    this.status = status;
    this.stoppedAt = event.timestamp;
    const details =
      event.executionFailedEventDetails ??
      event.executionTimedOutEventDetails ??
      event.executionAbortedEventDetails;
    if (details?.error !== undefined) this.error = details.error;
    if (details?.cause !== undefined) this.cause = details.cause;
    const output = event.executionSucceededEventDetails?.output;
    if (output !== undefined) this.output = output;
  }

  /** The state an event belongs to: walk previousEventId back to the *StateEntered event. */
  private stateOf(id: number): string | undefined {
    for (let node = this.nodes.get(id), hops = 0; node && hops < 10_000; hops += 1) {
      if (node.state !== undefined) return node.state;
      node = node.previous !== undefined ? this.nodes.get(node.previous) : undefined;
    }
    return undefined;
  }

  private scheduledParameters(id: number): string | undefined {
    for (let node = this.nodes.get(id), hops = 0; node && hops < 10_000; hops += 1) {
      if (node.parameters !== undefined) return node.parameters;
      if (node.state !== undefined) return undefined;
      node = node.previous !== undefined ? this.nodes.get(node.previous) : undefined;
    }
    return undefined;
  }

  private currentMap(id: number): MapProgress | undefined {
    const state = this.stateOf(id);
    return state !== undefined ? this.maps.get(state) : undefined;
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
