/**
 * One state's rules: its type, the fields that type carries in its query language, transitions,
 * and the type-specific fields. Every problem is collected (aws-cdk's `validateState()` style).
 */

import { JsonPathIoFields } from '../constants.ts';
import { expressionText } from '../expression.ts';
import { at, isObject, type RawState, stateTypes } from '../raw-definition.ts';
import { timestampMs } from '../timestamp.ts';
import type { QueryLanguage } from '../types.ts';
import {
  checkAssign,
  checkCatch,
  checkNumber,
  checkRetry,
  checkTarget,
  type Problems,
} from './fields.ts';
import { checkMap } from './map.ts';

const common = ['Type', 'Comment', 'QueryLanguage'];
const flow = ['Next', 'End'];
const io = ['Output', 'Assign'];
const errors = ['Retry', 'Catch'];

/** Fields each type carries in a JSONata state. */
const jsonataFields: Record<string, string[]> = {
  Pass: [...common, ...flow, ...io],
  Task: [
    ...common,
    ...flow,
    ...io,
    ...errors,
    'Resource',
    'Arguments',
    'TimeoutSeconds',
    'HeartbeatSeconds',
    'Credentials',
  ],
  Choice: [...common, ...io, 'Choices', 'Default'],
  Wait: [...common, ...flow, ...io, 'Seconds', 'Timestamp'],
  Succeed: [...common, 'Output'],
  Fail: [...common, 'Error', 'Cause'],
  Parallel: [...common, ...flow, ...io, ...errors, 'Branches', 'Arguments'],
  Map: [
    ...common,
    ...flow,
    ...io,
    ...errors,
    'ItemProcessor',
    'Items',
    'ItemSelector',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'MaxConcurrency',
    'ToleratedFailurePercentage',
    'ToleratedFailureCount',
    'Label',
  ],
};

const jsonPathOnly: readonly string[] = JsonPathIoFields;
const jsonataOnly = ['Output', 'Arguments', 'Items'];

export type StateContext = {
  here: string;
  name: string;
  stateNames: Set<string>;
  machineLanguage: QueryLanguage;
  language: QueryLanguage;
};

export function checkState(problems: Problems, state: unknown, ctx: StateContext): void {
  const { here } = ctx;
  if (!isObject(state)) {
    problems.push(`${here}: a state must be an object`);
    return;
  }
  const type = state.Type;
  if (typeof type !== 'string' || !(stateTypes as readonly string[]).includes(type)) {
    problems.push(
      `${at(here, 'Type')}: must be one of ${stateTypes.join(', ')}, got ${JSON.stringify(type)}`,
    );
    return;
  }
  const jsonata = ctx.language === 'JSONata';
  checkLanguage(problems, state, ctx);
  if (jsonata) {
    const allowed = jsonataFields[type] ?? [];
    for (const field of Object.keys(state)) {
      if (allowed.includes(field)) continue;
      problems.push(
        jsonPathOnly.includes(field) || field.endsWith('Path')
          ? `${at(here, field)}: the QueryLanguage is 'JSONata', but field '${field}' is only supported for the 'JSONPath' QueryLanguage`
          : `${at(here, field)}: field '${field}' is not supported on a ${type} state`,
      );
    }
  } else {
    for (const field of jsonataOnly) {
      if (state[field] !== undefined) {
        problems.push(
          `${at(here, field)}: the QueryLanguage is 'JSONPath', but field '${field}' is only supported for the 'JSONata' QueryLanguage`,
        );
      }
    }
  }
  checkTransition(problems, state, type, ctx);
  if (state.Assign !== undefined) checkAssign(problems, at(here, 'Assign'), state.Assign, jsonata);
  if (state.Retry !== undefined) checkRetry(problems, at(here, 'Retry'), state.Retry);
  if (state.Catch !== undefined)
    checkCatch(problems, at(here, 'Catch'), state.Catch, ctx.stateNames, jsonata);
  switch (type) {
    case 'Task':
      checkTask(problems, state, here, jsonata);
      break;
    case 'Choice':
      checkChoice(problems, state, ctx, jsonata);
      break;
    case 'Wait':
      checkWait(problems, state, here, jsonata);
      break;
    case 'Fail':
      for (const f of ['Error', 'Cause']) {
        if (state[f] !== undefined && typeof state[f] !== 'string') {
          problems.push(`${at(here, f)}: must be a string`);
        }
      }
      break;
    case 'Parallel':
      if (!Array.isArray(state.Branches) || state.Branches.length === 0) {
        problems.push(
          `${at(here, 'Branches')}: a Parallel state needs a non-empty array of Branches`,
        );
      }
      break;
    case 'Map':
      checkMap(problems, here, state, jsonata);
      break;
  }
}

function checkLanguage(problems: Problems, state: RawState, ctx: StateContext): void {
  const ql = state.QueryLanguage;
  if (ql !== undefined && ql !== 'JSONata' && ql !== 'JSONPath') {
    problems.push(
      `${at(ctx.here, 'QueryLanguage')}: must be JSONata or JSONPath, got ${JSON.stringify(ql)}`,
    );
  }
  if (ql === 'JSONPath' && ctx.machineLanguage === 'JSONata') {
    problems.push(
      `${ctx.here}: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine`,
    );
  }
}

function checkTransition(
  problems: Problems,
  state: RawState,
  type: string,
  ctx: StateContext,
): void {
  const { here } = ctx;
  const terminal = type === 'Succeed' || type === 'Fail' || type === 'Choice';
  if (terminal) {
    for (const f of ['Next', 'End']) {
      if (state[f] !== undefined) problems.push(`${at(here, f)}: a ${type} state has no ${f}`);
    }
    return;
  }
  if (state.Next !== undefined && state.End !== undefined) {
    problems.push(`${here}: a state has either Next or End: true, not both`);
  } else if (state.Next !== undefined) {
    checkTarget(problems, at(here, 'Next'), state.Next, ctx.stateNames);
  } else if (state.End !== true) {
    problems.push(`${here}: a ${type} state needs Next or End: true`);
  }
}

function checkTask(problems: Problems, state: RawState, here: string, jsonata: boolean): void {
  if (typeof state.Resource !== 'string' || state.Resource.length === 0) {
    problems.push(`${at(here, 'Resource')}: a Task state needs a Resource ARN`);
  }
  checkNumber(
    problems,
    at(here, 'TimeoutSeconds'),
    state.TimeoutSeconds,
    { integer: true, min: 1, max: 99999999 },
    jsonata,
  );
  checkNumber(
    problems,
    at(here, 'HeartbeatSeconds'),
    state.HeartbeatSeconds,
    { integer: true, min: 1, max: 99999999 },
    jsonata,
  );
  if (
    typeof state.TimeoutSeconds === 'number' &&
    typeof state.HeartbeatSeconds === 'number' &&
    state.HeartbeatSeconds >= state.TimeoutSeconds
  ) {
    problems.push(`${at(here, 'HeartbeatSeconds')}: must be smaller than TimeoutSeconds`);
  }
}

const jsonPathRuleFields = ['Variable', 'And', 'Or', 'Not'];

function checkChoice(
  problems: Problems,
  state: RawState,
  ctx: StateContext,
  jsonata: boolean,
): void {
  const { here } = ctx;
  if (!Array.isArray(state.Choices) || state.Choices.length === 0) {
    problems.push(`${at(here, 'Choices')}: a Choice state needs a non-empty array of Choices`);
  } else if (jsonata) {
    state.Choices.forEach((rule, i) => {
      const r = at(here, 'Choices', i);
      if (!isObject(rule)) {
        problems.push(`${r}: a choice rule must be an object`);
        return;
      }
      checkTarget(problems, at(r, 'Next'), rule.Next, ctx.stateNames);
      const c = rule.Condition;
      if (typeof c !== 'boolean' && expressionText(c) === undefined) {
        problems.push(
          `${at(r, 'Condition')}: must be a boolean or a {% %} expression, got ${JSON.stringify(c)}`,
        );
      }
      if (rule.Assign !== undefined) checkAssign(problems, at(r, 'Assign'), rule.Assign, true);
      for (const f of Object.keys(rule)) {
        if (['Condition', 'Next', 'Output', 'Assign', 'Comment'].includes(f)) continue;
        problems.push(
          jsonPathRuleFields.includes(f) || /(Equals|Than|Matches|Is[A-Z])/.test(f)
            ? `${at(r, f)}: the QueryLanguage is 'JSONata', but field '${f}' is only supported for the 'JSONPath' QueryLanguage; use Condition`
            : `${at(r, f)}: field '${f}' is not supported in a choice rule`,
        );
      }
    });
  }
  if (state.Default !== undefined)
    checkTarget(problems, at(here, 'Default'), state.Default, ctx.stateNames);
}

function checkWait(problems: Problems, state: RawState, here: string, jsonata: boolean): void {
  const has = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'].filter(
    (f) => state[f] !== undefined,
  );
  if (has.length !== 1) {
    problems.push(
      `${here}: a Wait state needs exactly one of Seconds or Timestamp, got ${has.length ? has.join(', ') : 'none'}`,
    );
  }
  checkNumber(
    problems,
    at(here, 'Seconds'),
    state.Seconds,
    { integer: true, min: 0, max: 99999999 },
    jsonata,
  );
  const ts = state.Timestamp;
  if (ts !== undefined && !(jsonata && expressionText(ts) !== undefined)) {
    if (typeof ts !== 'string' || Number.isNaN(timestampMs(ts))) {
      problems.push(
        `${at(here, 'Timestamp')}: must be an ISO-8601 date-time with offset (2024-05-01T10:00:00Z), got ${JSON.stringify(ts)}`,
      );
    }
  }
}
