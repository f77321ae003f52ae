/**
 * No JSONPath-only field anywhere: in a JSONata state machine Step Functions rejects them, and a
 * half-converted definition is the usual way they slip in. Also flags a state (or the machine)
 * switched back to `QueryLanguage: JSONPath`, and JSONPath Choice rule operators.
 */

import { JsonPathChoiceOperators, JsonPathOnlyFields } from '../asl/constants.ts';
import { describeState } from '../asl/describe.ts';
import { walkStates } from '../asl/graph.ts';
import type { Check } from './types.ts';

/** Objects inside a state whose keys are ASL fields (not user payload templates). */
const fieldHolders = (state: Record<string, unknown>): Array<[string, unknown]> => {
  const holders: Array<[string, unknown]> = [['', state]];
  for (const key of ['ItemReader', 'ItemBatcher', 'ResultWriter'] as const) {
    if (state[key] !== undefined) holders.push([`${key}.`, state[key]]);
  }
  const reader = state.ItemReader as Record<string, unknown> | undefined;
  if (reader?.ReaderConfig !== undefined)
    holders.push(['ItemReader.ReaderConfig.', reader.ReaderConfig]);
  for (const [i, c] of ((state.Catch as unknown[]) ?? []).entries())
    holders.push([`Catch[${i}].`, c]);
  return holders;
};

export const jsonPathFields: Check = {
  name: 'jsonpath-fields',
  rule: 'no JSONPath-only fields (Parameters, ResultPath, InputPath, ...), no QueryLanguage JSONPath',
  run: (definition) => {
    const problems: string[] = [];
    if (definition.QueryLanguage !== 'JSONata') {
      problems.push(
        `State machine: QueryLanguage must be JSONata, got ${JSON.stringify(definition.QueryLanguage)}`,
      );
    }
    const only = new Set<string>(JsonPathOnlyFields);
    const operators = new Set<string>(JsonPathChoiceOperators);
    for (const { name, state, scope } of walkStates(definition)) {
      const where = `${scope}: ${describeState(state.Type, name)}`;
      const record = state as unknown as Record<string, unknown>;
      if (record.QueryLanguage !== undefined && record.QueryLanguage !== 'JSONata') {
        problems.push(
          `${where}: QueryLanguage must be JSONata, got ${JSON.stringify(record.QueryLanguage)}`,
        );
      }
      for (const [prefix, holder] of fieldHolders(record)) {
        for (const key of Object.keys(holder as object)) {
          if (only.has(key)) problems.push(`${where}: ${prefix}${key} is a JSONPath-only field`);
        }
      }
      if (state.Type === 'Choice') {
        state.Choices.forEach((rule, i) => {
          for (const key of Object.keys(rule)) {
            if (operators.has(key) || only.has(key)) {
              problems.push(
                `${where}: Choices[${i}].${key} is a JSONPath Choice operator; use Condition`,
              );
            }
          }
        });
      }
    }
    return problems;
  },
};
