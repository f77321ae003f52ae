/** Structure: StartAt and every transition name a state in scope, all reachable, all can end. */
import { duplicateNameProblems, graphProblems } from '../asl/graph.ts';
import type { Check } from './types.ts';

export const graphSound: Check = {
  name: 'graph',
  rule: 'transitions name existing states in scope; every state is reachable and can reach an end; names are unique',
  run: (definition) => [...graphProblems(definition), ...duplicateNameProblems(definition)],
};
