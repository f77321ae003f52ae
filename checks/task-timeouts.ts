/** Every Task has TimeoutSeconds, and so does the state machine. */

import { describeState } from '../asl/describe.ts';
import { walkStates } from '../asl/graph.ts';
import type { Check } from './types.ts';

export const taskTimeouts: Check = {
  name: 'task-timeouts',
  rule: 'every Task has TimeoutSeconds, and the state machine has TimeoutSeconds',
  run: (definition) => {
    const problems: string[] = [];
    if (definition.TimeoutSeconds === undefined) {
      problems.push('State machine: TimeoutSeconds is missing (an execution could run for a year)');
    }
    for (const { name, state, scope } of walkStates(definition)) {
      if (state.Type === 'Task' && state.TimeoutSeconds === undefined) {
        problems.push(`${scope}: ${describeState('Task', name)}: TimeoutSeconds is missing`);
      }
    }
    return problems;
  },
};
