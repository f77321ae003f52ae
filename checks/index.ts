/**
 * Every static check, run over one definition: structure, our own rules, limit estimates, and
 * the two external validators. Used by `npm run lint:asl` and the snapshot tests.
 */
import type { StateMachine } from '../asl/types.ts';
import { aslLanguageService } from './asl-language-service.ts';
import { aslValidator } from './asl-validator.ts';
import { clusterTeardown } from './cluster-teardown.ts';
import { graphSound } from './graph.ts';
import { historyLimit } from './history-limit.ts';
import { jsonataCompiles } from './jsonata-compiles.ts';
import { jsonPathFields } from './jsonpath-fields.ts';
import { lambdaRetries } from './lambda-retries.ts';
import { payloadLimit } from './payload-limit.ts';
import { placeholdersDeclared } from './placeholders.ts';
import { serviceRequests } from './service-requests.ts';
import { taskTimeouts } from './task-timeouts.ts';
import type { Check, CheckContext } from './types.ts';
import { variablesAssigned } from './variables.ts';

export type { Check, CheckContext } from './types.ts';

export const CHECKS: readonly Check[] = [
  graphSound,
  clusterTeardown,
  taskTimeouts,
  lambdaRetries,
  serviceRequests,
  jsonPathFields,
  jsonataCompiles,
  variablesAssigned,
  placeholdersDeclared,
  historyLimit,
  payloadLimit,
  aslValidator,
  aslLanguageService,
];

export type CheckResult = { check: string; problems: string[] };

export const runChecks = async (
  definition: StateMachine,
  ctx: CheckContext,
  checks: readonly Check[] = CHECKS,
): Promise<CheckResult[]> => {
  const results: CheckResult[] = [];
  for (const check of checks) {
    results.push({ check: check.name, problems: await check.run(definition, ctx) });
  }
  return results;
};
