/**
 * The items a Map iterates and what each iteration receives: `Items` (an array, or an expression
 * that must yield one), else the state input; then `ItemSelector`, evaluated per item with
 * `$states.context.Map.Item.Index/Value` and `$states.input` = the Map state's input. Also the
 * settings both Map modes evaluate before their first item (`startMap`).
 */
import type { JsonValue } from '../api.ts';
import { StatesQueryEvaluationError, StatesRuntimeError } from '../errors.ts';
import { toJson } from '../json.ts';
import { bindingsFor } from '../jsonata/bindings.ts';
import { evaluateTemplate, unexpectedType } from '../jsonata/template.ts';
import type { MapModel } from '../model.ts';
import { runBindings, type StateRun, stateInput } from '../states/lifecycle.ts';
import { evaluateInteger, evaluateNumber } from '../states/values.ts';

export async function mapItems(run: StateRun<MapModel>): Promise<JsonValue[]> {
  const { state } = run;
  if (state.items) {
    const items = await evaluateTemplate(state.items, runBindings(run));
    if (!Array.isArray(items)) {
      if (state.items.dynamic && state.items.fx)
        throw unexpectedType(state.items.fx, 'array', items);
      if (state.io) {
        throw new StatesRuntimeError(
          `ItemsPath must select an array but selected: ${toJson(items)}`,
        );
      }
      throw new StatesQueryEvaluationError(
        `Items must be an array but was: ${toJson(items)}`,
        'Items',
      );
    }
    return items;
  }
  const input = stateInput(run);
  if (!Array.isArray(input)) {
    if (state.io) {
      throw new StatesRuntimeError(`Map state input must be an array but was: ${toJson(input)}`);
    }
    throw new StatesQueryEvaluationError(
      `Map state input must be an array but was: ${toJson(input)}`,
    );
  }
  return input;
}

/** The input of iteration `index`: ItemSelector's result, or the item itself. */
export function selectItem(
  run: StateRun<MapModel>,
  item: JsonValue,
  index: number,
  source: string,
): JsonValue | Promise<JsonValue> {
  const selector = run.state.itemSelector;
  if (!selector) return item;
  if (!selector.dynamic) return selector.value;
  const info = { ...run.info, mapItem: { Index: index, Value: item, Source: source } };
  return selector.evaluate(bindingsFor(run.frame.scope, info, stateInput(run)));
}

/** MaxConcurrency and the failure tolerance, 0 where a field is absent. */
export type MapSettings = {
  maxConcurrency: number;
  toleratedCount: number;
  toleratedPercentage: number;
};

/**
 * What INLINE and DISTRIBUTED Maps do before their first item: evaluate MaxConcurrency, record
 * MapStateStarted with the item count, then evaluate the failure tolerance. Tolerance applies to
 * Distributed Maps only; an INLINE Map still evaluates it so an expression error surfaces as it
 * would on AWS.
 */
export async function startMap(run: StateRun<MapModel>, length: number): Promise<MapSettings> {
  const { state, frame } = run;
  const maxConcurrency = state.maxConcurrency
    ? await evaluateInteger(run, state.maxConcurrency, 0)
    : 0;
  frame.emit('MapStateStarted', 'mapStateStartedEventDetails', { length });
  const toleratedCount = state.toleratedFailureCount
    ? await evaluateInteger(run, state.toleratedFailureCount, 0)
    : 0;
  const toleratedPercentage = state.toleratedFailurePercentage
    ? await evaluateNumber(run, state.toleratedFailurePercentage, 0, 100)
    : 0;
  return { maxConcurrency, toleratedCount, toleratedPercentage };
}
