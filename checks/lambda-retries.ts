/**
 * Every Lambda Task retries the Lambda service's transient errors, as AWS recommends: without it
 * a rare `Lambda.ServiceException` fails an iteration (or the run) that a retry would have saved.
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */

import { LambdaServiceErrors, StatesError } from '../asl/constants.ts';
import { describeState } from '../asl/describe.ts';
import { walkStates } from '../asl/graph.ts';
import type { TaskState } from '../asl/types.ts';
import type { Check } from './types.ts';

const isLambda = (resource: string) =>
  resource.startsWith('arn:aws:states:::lambda:invoke') || resource.startsWith('arn:aws:lambda:');

/** Error names a retrier with attempts left covers (States.ALL and States.TaskFailed cover all). */
const covered = (task: TaskState): Set<string> => {
  const names = new Set<string>();
  for (const r of task.Retry ?? []) {
    if (r.MaxAttempts === 0) continue;
    for (const e of r.ErrorEquals) {
      if (e === StatesError.ALL || e === StatesError.TaskFailed) {
        for (const l of LambdaServiceErrors) names.add(l);
      }
      names.add(e);
    }
  }
  return names;
};

export const lambdaRetries: Check = {
  name: 'lambda-retries',
  rule: `every Lambda Task retries ${LambdaServiceErrors.join(', ')}`,
  run: (definition) => {
    const problems: string[] = [];
    for (const { name, state, scope } of walkStates(definition)) {
      if (state.Type !== 'Task' || !isLambda(state.Resource)) continue;
      const have = covered(state);
      const missing = LambdaServiceErrors.filter((e) => !have.has(e));
      if (missing.length > 0) {
        problems.push(
          `${scope}: ${describeState('Task', name)}: Retry does not cover ${missing.join(', ')}`,
        );
      }
    }
    return problems;
  },
};
