/**
 * The items a Map iterates and what each iteration receives: `Items` (an array, or an expression
 * that must yield one), else the state input; then `ItemSelector`, evaluated per item with
 * `$states.context.Map.Item.Index/Value` and `$states.input` = the Map state's input.
 */
import type { JsonValue } from '../api.ts';
import { bindingsFor } from '../context.ts';
import { StatesQueryEvaluationError } from '../errors.ts';
import { toJson } from '../json.ts';
import { evaluateTemplate, unexpectedType } from '../jsonata/template.ts';
import type { MapModel } from '../model.ts';
import { runBindings, type StateRun } from '../states/common.ts';

export async function mapItems(run: StateRun<MapModel>): Promise<JsonValue[]> {
  const { state } = run;
  if (state.items) {
    const items = await evaluateTemplate(state.items, runBindings(run));
    if (!Array.isArray(items)) {
      if (state.items.dynamic && state.items.fx)
        throw unexpectedType(state.items.fx, 'array', items);
      throw new StatesQueryEvaluationError(
        `Items must be an array but was: ${toJson(items)}`,
        'Items',
      );
    }
    return items;
  }
  if (!Array.isArray(run.input)) {
    throw new StatesQueryEvaluationError(
      `Map state input must be an array but was: ${toJson(run.input)}`,
    );
  }
  return run.input;
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
  return selector.evaluate(bindingsFor(run.frame.scope, info, run.input));
}
