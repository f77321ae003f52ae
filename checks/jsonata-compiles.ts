/** Every `{% %}` string in the definition is in canonical form and compiles with jsonata 2.0.6. */

import { describeState } from '../asl/describe.ts';
import { walkStates } from '../asl/graph.ts';
import { expressionProblem, findExpressions } from '../builders/jsonata.ts';
import type { Check } from './types.ts';

/** Fields holding nested states: walked as states of their own, not as values of this one. */
const NESTED = new Set(['ItemProcessor', 'Branches', 'Iterator']);

export const jsonataCompiles: Check = {
  name: 'jsonata-compiles',
  rule: "every '{% expr %}' is written with one space inside each delimiter and compiles",
  run: (definition) => {
    const problems: string[] = [];
    for (const { name, state, scope } of walkStates(definition)) {
      const where = `${scope}: ${describeState(state.Type, name)}`;
      for (const [field, value] of Object.entries(state)) {
        if (NESTED.has(field)) continue;
        for (const found of findExpressions(value, field)) {
          const problem = expressionProblem(found.value);
          if (problem !== undefined) problems.push(`${where}: ${found.path}: ${problem}`);
        }
      }
    }
    return problems;
  },
};
