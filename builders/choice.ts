/** Choice state builder. https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html */

import { describeState } from '../asl/describe.ts';
import { isExpression } from '../asl/expression.ts';
import type { ChoiceState } from '../asl/types.ts';
import { assertFieldsCompile, assertName, canonical, type Named } from './assert.ts';
import { assertExpressionsCompile } from './jsonata.ts';

export type ChoiceProps = Omit<ChoiceState, 'Type'>;

export const choice = (name: string, props: ChoiceProps): Named<ChoiceState> => {
  assertName('Choice', name);
  const where = describeState('Choice', name);
  if (!Array.isArray(props.Choices) || props.Choices.length === 0) {
    throw new Error(`${where}: Choices must list at least one rule`);
  }
  props.Choices.forEach((rule, i) => {
    const at = `${where}: Choices[${i}]`;
    // In JSONata mode a rule has only Condition; JSONPath rules (Variable, StringEquals, ...)
    // would be ignored by nothing and rejected by Step Functions.
    if (typeof rule.Condition !== 'boolean' && !isExpression(rule.Condition)) {
      throw new Error(
        `${at}: Condition must be a '{% expr %}' string or a boolean, got ${JSON.stringify(rule.Condition)}`,
      );
    }
    if (typeof rule.Next !== 'string' || rule.Next === '') {
      throw new Error(`${at}: Next must be a state name, got ${JSON.stringify(rule.Next)}`);
    }
    assertExpressionsCompile(at, 'Condition', rule.Condition);
    assertExpressionsCompile(at, 'Output', rule.Output);
    assertExpressionsCompile(at, 'Assign', rule.Assign);
  });
  if (props.Default !== undefined && (typeof props.Default !== 'string' || props.Default === '')) {
    throw new Error(`${where}: Default must be a state name, got ${JSON.stringify(props.Default)}`);
  }
  assertFieldsCompile(where, props, ['Output', 'Assign']);
  return {
    name,
    state: canonical({
      Type: 'Choice',
      ...props,
      Choices: props.Choices.map((rule) => canonical(rule)),
    }) as ChoiceState,
  };
};
