/**
 * Distributed Map: a Map Run of child executions. Each child is its own execution (own history,
 * own variable scope with no access to the parent's variables), so the parent history holds only
 * MapRunStarted / MapRunSucceeded | MapRunFailed | MapRunAborted. Child histories are not kept:
 * on AWS they are separate executions; their outcomes reach the result (and the ResultWriter).
 * Failures up to ToleratedFailureCount / ToleratedFailurePercentage are tolerated; past them the
 * run stops its children and fails with States.ExceedToleratedFailureThreshold.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
 */
import type { JsonValue, MapRunChildResult } from '../api.ts';
import type { Cancel } from '../cancel.ts';
import {
  ExecutionAbortedError,
  StatesExceedToleratedFailureThresholdError,
  toFailure,
} from '../errors.ts';
import { type Execution, Frame } from '../execution.ts';
import type { RunFragment } from '../fragment.ts';
import { History } from '../history.ts';
import { checkPayloadSize, toJson } from '../json.ts';
import type { MapModel } from '../model.ts';
import { runPool } from '../pool.ts';
import { Scope } from '../scope.ts';
import type { StateRun } from '../states/lifecycle.ts';
import { batchLimits, makeBatches } from './batcher.ts';
import { readItems } from './item-reader.ts';
import { mapItems, selectItem, startMap } from './items.ts';
import { type ChildRecord, transformResults, writeResults } from './result-writer.ts';

/**
 * Children in flight at once when MaxConcurrency is 0. AWS's ceiling is 10,000, and it ramps a
 * Map Run up to it gradually; in one process, more children in flight only cost memory and
 * garbage-collection time (engine benchmark, 10,000 no-op children: 10,000 in flight peaked at
 * 370 MB; 1,000 took about 60% more CPU than 250, with the same peak RSS). An explicit
 * MaxConcurrency is honoured exactly.
 */
export const unboundedMapRunWindow = 250;

class ChildFailed extends Error {
  constructor(readonly record: ChildRecord) {
    super(`child execution ${record.name} failed`);
  }
}

export async function runDistributedMap(
  run: StateRun<MapModel>,
  runFragment: RunFragment,
): Promise<JsonValue> {
  const { state, frame } = run;
  const exec = frame.exec;
  const reader = state.itemReader ? await readItems(run, state.itemReader) : undefined;
  const items = reader ? reader.items : await mapItems(run);
  const { maxConcurrency, toleratedCount, toleratedPercentage } = await startMap(run, items.length);
  const selected: JsonValue[] = [];
  for (let i = 0; i < items.length; i++) {
    selected.push(
      await selectItem(run, items[i] as JsonValue, i, reader ? reader.source(i) : 'STATE_DATA'),
    );
  }
  const inputs = state.itemBatcher
    ? makeBatches(selected, await batchLimits(run, state.itemBatcher))
    : selected;

  const label = state.label ?? state.name;
  const runContext = exec.run;
  const mapRunArn = `arn:aws:states:${runContext.region}:${runContext.account}:mapRun:${exec.stateMachineName}/${label}:${runContext.uuid()}`;
  frame.emit('MapRunStarted', 'mapRunStartedEventDetails', { mapRunArn });

  const records: ChildRecord[] = new Array(inputs.length);
  const shape = mapRunShape(run, label);
  let failures = 0;
  const exceeded = () =>
    (state.toleratedFailureCount !== undefined || state.toleratedFailurePercentage === undefined
      ? failures > toleratedCount
      : false) ||
    (state.toleratedFailurePercentage !== undefined &&
      (failures / inputs.length) * 100 > toleratedPercentage);
  try {
    await runPool({
      count: inputs.length,
      concurrency: maxConcurrency === 0 ? unboundedMapRunWindow : maxConcurrency,
      cancel: frame.cancel,
      task: async (index, pool) => {
        const record = await runChild(run, inputs[index] as JsonValue, pool, shape, runFragment, {
          mapRunArn,
          index,
        });
        records[index] = record;
        if (record.status === 'FAILED') throw new ChildFailed(record);
      },
      tolerate: (_index, error) => {
        if (!(error instanceof ChildFailed)) return false;
        failures++;
        return !exceeded();
      },
    });
  } catch (thrown) {
    if (thrown instanceof ExecutionAbortedError) {
      frame.emit('MapRunAborted');
      throw thrown;
    }
    const failure =
      thrown instanceof ChildFailed
        ? new StatesExceedToleratedFailureThresholdError(
            'The specified tolerated failure threshold was exceeded',
          )
        : toFailure(thrown);
    frame.emit('MapRunFailed', 'mapRunFailedEventDetails', {
      ...(failure.error !== undefined ? { error: failure.error } : {}),
      ...(failure.causeText !== undefined ? { cause: failure.causeText } : {}),
    });
    throw failure;
  }
  frame.emit('MapRunSucceeded');
  return state.resultWriter
    ? writeResults(run, state.resultWriter, records, mapRunArn)
    : transformResults(records, 'COMPACT');
}

/** What every child of one Map Run shares. */
type MapRunShape = {
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  readonly executionArnPrefix: string;
  readonly billing: { transitions: number };
};

function mapRunShape(run: StateRun<MapModel>, label: string): MapRunShape {
  const parent = run.frame.exec;
  const rc = parent.run;
  const stateMachineName = `${parent.stateMachineName}/${label}`;
  return {
    stateMachineName,
    stateMachineArn: `arn:aws:states:${rc.region}:${rc.account}:stateMachine:${stateMachineName}`,
    executionArnPrefix: `arn:aws:states:${rc.region}:${rc.account}:execution:${stateMachineName}:`,
    billing: run.state.executionType === 'STANDARD' ? parent.billing : { transitions: 0 },
  };
}

/** One child execution: its own history and scope; failures are returned, aborts rethrown. */
async function runChild(
  run: StateRun<MapModel>,
  input: JsonValue,
  pool: Cancel,
  shape: MapRunShape,
  runFragment: RunFragment,
  where: { mapRunArn: string; index: number },
): Promise<ChildRecord> {
  const parent = run.frame.exec;
  const rc = parent.run;
  const keep = rc.mapRunChildren;
  const clock = rc.clock;
  const name = rc.uuid();
  const startDate = clock.nowMs();
  const arn = shape.executionArnPrefix + name;
  const child: Execution = {
    run: rc,
    // Kept only for a run report (RunOptions.keepMapRunChildren): AWS keeps them apart.
    history: new History({ clock, retain: keep !== undefined }),
    arn,
    name,
    input,
    startMs: startDate,
    stateMachineArn: shape.stateMachineArn,
    stateMachineName: shape.stateMachineName,
    billing: shape.billing,
  };
  parent.billing.transitions++;
  const inputText = toJson(input);
  const record: ChildRecord = {
    arn,
    name,
    stateMachineArn: shape.stateMachineArn,
    inputText,
    status: 'SUCCEEDED',
    startDate,
    stopDate: startDate,
  };
  if (child.history.recording) {
    child.history.append('ExecutionStarted', 0, 'executionStartedEventDetails', {
      input: inputText,
      inputDetails: { truncated: false },
      roleArn: rc.roleArn,
    });
  } else {
    child.history.append('ExecutionStarted', 0);
  }
  const own = pool.child();
  const frame = new Frame(child, new Scope(), own, 1);
  try {
    const result = await runFragment(run.state.processor, input, frame, inputText);
    checkPayloadSize(result.text, `The output of execution '${name}'`);
    child.history.append('ExecutionSucceeded', frame.lastEventId);
    record.output = result.output;
    record.outputText = result.text;
  } catch (thrown) {
    if (thrown instanceof ExecutionAbortedError) {
      child.history.append('ExecutionAborted', frame.lastEventId);
      keep?.push(kept(child, where, run.state.name, parent.arn, 'ABORTED'));
      throw thrown;
    }
    const failure = toFailure(thrown);
    child.history.append('ExecutionFailed', frame.lastEventId);
    record.status = 'FAILED';
    if (failure.error !== undefined) record.error = failure.error;
    if (failure.causeText !== undefined) record.cause = failure.causeText;
  } finally {
    own.dispose();
  }
  record.stopDate = clock.nowMs();
  keep?.push(kept(child, where, run.state.name, parent.arn, record.status, record));
  return record;
}

function kept(
  child: Execution,
  where: { mapRunArn: string; index: number },
  mapState: string,
  parentExecutionArn: string,
  status: MapRunChildResult['status'],
  record?: ChildRecord,
): MapRunChildResult {
  return {
    mapRunArn: where.mapRunArn,
    mapState,
    parentExecutionArn,
    index: where.index,
    executionArn: child.arn,
    name: child.name,
    status,
    ...(record?.error !== undefined ? { error: record.error } : {}),
    ...(record?.cause !== undefined ? { cause: record.cause } : {}),
    events: child.history.events,
  };
}
