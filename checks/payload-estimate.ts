/**
 * Worst-case size of what a Map state collects, measured by evaluating the definition's own
 * JSONata (ItemSelector, Output, Catch Output) on worst-case samples: if an iteration stops
 * trimming its result, the estimate grows with it.
 *
 * Each path through the item processor is followed from StartAt: a Task's output is its Output
 * evaluated on the sample result for its Resource (or that result), a Catch's output its Output
 * evaluated on the sample error (or the error), a Pass's its Output (or its input). The largest
 * output at an end state is one item's share of the Map result.
 */

import { describeState } from '../asl/describe.ts';
import { evaluateTemplate } from '../asl/sfn-jsonata.ts';
import type { JsonValue, MapState, State, StateMachineFragment, Template } from '../asl/types.ts';

export type PayloadModel = {
  /** Iterations of each Map state, by state name. */
  mapItems: Record<string, number>;
  /** Worst-case item each Map reads (before ItemSelector), by state name. */
  itemSamples: Record<string, JsonValue>;
  /** Worst-case result of a Task, by Resource ARN. */
  taskResults: Record<string, JsonValue>;
  /** Values of workflow variables visible to the item processors. */
  variables: Record<string, JsonValue>;
  /** `$states.context` without the Map part. */
  context: Record<string, JsonValue>;
};

/** The largest error output Step Functions produces: a 256-char name and a 32,768-char cause. */
export const WORST_ERROR = { Error: 'E'.repeat(256), Cause: 'C'.repeat(32_768) };

type States = { input?: unknown; result?: unknown; errorOutput?: unknown; context: unknown };

/** Evaluates a template, naming the state and field when the expression fails. */
const evaluate = async (
  template: Template,
  states: States,
  vars: Record<string, JsonValue>,
  where: string,
): Promise<unknown> => {
  try {
    return await evaluateTemplate(template, states, vars);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
};

const size = (value: unknown) => (value === undefined ? 0 : JSON.stringify(value).length);

/** Largest output of any path through the processor, or a reason it cannot be estimated. */
const largestOutput = async (
  fragment: StateMachineFragment,
  input: unknown,
  model: PayloadModel,
  context: unknown,
): Promise<number> => {
  let largest = 0;
  const visit = async (name: string, stateInput: unknown, depth: number): Promise<void> => {
    const state = fragment.States[name] as State;
    if (depth > 50)
      throw new Error(`${describeState(state.Type, name)}: loop in the item processor`);
    const base = { input: stateInput, context };
    const next = async (out: unknown, to: string | undefined) => {
      if (to === undefined) largest = Math.max(largest, size(out));
      else await visit(to, out, depth + 1);
    };
    switch (state.Type) {
      case 'Task': {
        const result = model.taskResults[state.Resource];
        if (result === undefined)
          throw new Error(`${describeState('Task', name)}: no sample result for ${state.Resource}`);
        const out =
          state.Output === undefined
            ? result
            : await evaluate(
                state.Output,
                { ...base, result },
                model.variables,
                `${describeState('Task', name)} Output`,
              );
        await next(out, state.Next);
        for (const c of state.Catch ?? []) {
          const err =
            c.Output === undefined
              ? WORST_ERROR
              : await evaluate(
                  c.Output,
                  { ...base, errorOutput: WORST_ERROR },
                  model.variables,
                  `${describeState('Task', name)} Catch Output`,
                );
          await visit(c.Next, err, depth + 1);
        }
        return;
      }
      case 'Pass':
      case 'Wait':
      case 'Succeed': {
        const out =
          state.Output === undefined
            ? stateInput
            : await evaluate(
                state.Output,
                base,
                model.variables,
                `${describeState(state.Type, name)} Output`,
              );
        await next(out, 'Next' in state ? state.Next : undefined);
        return;
      }
      case 'Choice': {
        for (const rule of state.Choices) await visit(rule.Next, stateInput, depth + 1);
        if (state.Default !== undefined) await visit(state.Default, stateInput, depth + 1);
        return;
      }
      case 'Fail':
        return;
      default:
        throw new Error(
          `${describeState(state.Type, name)}: nested ${state.Type} output is not estimated`,
        );
    }
  };
  await visit(fragment.StartAt, input, 0);
  return largest;
};

export type MapPayloadEstimate = {
  map: string;
  /** Bytes of one item's output (the largest path). */
  itemBytes: number;
  /** Bytes of the whole Map result (INLINE, or DISTRIBUTED without ResultWriter), else undefined. */
  resultBytes?: number;
  items: number;
};

/** Estimates one Map state; throws with the state name when a sample is missing. */
export const estimateMapPayload = async (
  name: string,
  state: MapState,
  model: PayloadModel,
): Promise<MapPayloadEstimate> => {
  const item = model.itemSamples[name];
  if (item === undefined)
    throw new Error(`${describeState('Map', name)}: no item sample in the payload model`);
  const items = model.mapItems[name];
  if (items === undefined)
    throw new Error(`${describeState('Map', name)}: no item count in the payload model`);
  const context = { ...model.context, Map: { Item: { Index: items - 1, Value: item } } };
  const selected =
    state.ItemSelector === undefined
      ? item
      : await evaluate(
          state.ItemSelector,
          { context },
          model.variables,
          `${describeState('Map', name)} ItemSelector`,
        );
  const batcher = state.ItemBatcher;
  const batch = typeof batcher?.MaxItemsPerBatch === 'number' ? batcher.MaxItemsPerBatch : 1;
  const input =
    batcher === undefined
      ? selected
      : {
          Items: Array.from({ length: batch }, () => selected),
          ...(batcher.BatchInput === undefined
            ? {}
            : {
                BatchInput: await evaluate(
                  batcher.BatchInput,
                  { context },
                  model.variables,
                  `${describeState('Map', name)} BatchInput`,
                ),
              }),
        };
  const itemBytes = await largestOutput(state.ItemProcessor, input, model, model.context);
  const executions = Math.ceil(items / batch);
  const resultBytes =
    state.ResultWriter?.Resource === undefined ? 2 + executions * (itemBytes + 1) : undefined;
  return {
    map: name,
    itemBytes,
    items: executions,
    ...(resultBytes === undefined ? {} : { resultBytes }),
  };
};
