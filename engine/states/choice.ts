/**
 * Choice: the first rule whose Condition is true decides the next state, and its own Output and
 * Assign apply; with no match the Default is taken with the state's Output and Assign. With no
 * match and no Default the state fails with States.Runtime: AWS reserves States.NoChoiceMatched
 * and reports this case under States.Runtime (error-handling docs).
 */
import { StatesRuntimeError } from '../errors.ts';
import { unexpectedType } from '../jsonata/template.ts';
import type { ChoiceModel } from '../model.ts';
import {
  exitState,
  finishState,
  finishWith,
  type StateOutcome,
  type StateRun,
} from './lifecycle.ts';
import { evaluateValue } from './values.ts';

export async function runChoice(run: StateRun<ChoiceModel>): Promise<StateOutcome> {
  const { state } = run;
  for (const rule of state.rules) {
    const matched = await evaluateValue(run, rule.condition);
    if (typeof matched !== 'boolean') {
      if ('fx' in rule.condition) throw unexpectedType(rule.condition.fx, 'boolean', matched);
    }
    if (matched === true) {
      return exitState(run, await finishWith(run, rule.output, rule.assign), rule.next);
    }
  }
  if (state.defaultNext === undefined) {
    throw new StatesRuntimeError(
      'No Choice rule matched and the Choice state has no Default (AWS reports States.NoChoiceMatched as States.Runtime).',
    );
  }
  return exitState(run, await finishState(run), state.defaultNext);
}
