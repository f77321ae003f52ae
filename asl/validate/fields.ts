/**
 * Field-level rules shared by several state types: Retry, Catch, Assign, numbers that may be
 * JSONata expressions.
 */

import { StatesError } from '../constants.ts';
import { expressionText } from '../expression.ts';
import { at, isObject } from '../raw-definition.ts';

export type Problems = string[];

const knownStatesErrors = new Set<string>(Object.values(StatesError));

/** A literal within bounds, or (in JSONata states) a `{% %}` expression. */
export function checkNumber(
  problems: Problems,
  location: string,
  value: unknown,
  rule: { integer: boolean; min: number; max?: number; minExclusive?: boolean },
  jsonata: boolean,
): void {
  if (value === undefined) return;
  if (jsonata && expressionText(value) !== undefined) return;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.minExclusive ? value > rule.min : value >= rule.min) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) {
    const kind = rule.integer ? 'an integer' : 'a number';
    const bound = `${rule.minExclusive ? '>' : '>='} ${rule.min}${rule.max === undefined ? '' : ` and <= ${rule.max}`}`;
    const or = jsonata ? ' or a {% %} expression' : '';
    problems.push(`${location}: must be ${kind} ${bound}${or}, got ${JSON.stringify(value)}`);
  }
}

function checkErrorEquals(problems: Problems, location: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every((e) => typeof e === 'string')) {
    problems.push(`${location}: ErrorEquals must be a non-empty array of error names`);
    return;
  }
  if (value.includes(StatesError.ALL) && value.length > 1) {
    problems.push(`${location}: States.ALL must appear alone in ErrorEquals`);
  }
  for (const name of value as string[]) {
    if (name.startsWith('States.') && !knownStatesErrors.has(name)) {
      problems.push(
        `${location}: unknown error name '${name}' (names starting with 'States.' are reserved)`,
      );
    }
  }
}

function allFirst(list: unknown[], problems: Problems, location: string, what: string): void {
  list.forEach((entry, i) => {
    const errors = isObject(entry) && Array.isArray(entry.ErrorEquals) ? entry.ErrorEquals : [];
    if (errors.includes(StatesError.ALL) && i !== list.length - 1) {
      problems.push(`${at(location, i)}: a ${what} with States.ALL must be the last one`);
    }
  });
}

/**
 * The error-handling page: MaxDelaySeconds is "a positive integer ... Values must be greater than
 * 0 and less than 31622401" (at most 366 days).
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export const MAX_DELAY_SECONDS_LIMIT = 31_622_401;

function checkMaxDelaySeconds(problems: Problems, location: string, value: unknown): void {
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value <= 0 ||
    value >= MAX_DELAY_SECONDS_LIMIT
  ) {
    problems.push(
      `${location}: MaxDelaySeconds must be an integer greater than 0 and less than ${MAX_DELAY_SECONDS_LIMIT}, got ${JSON.stringify(value)}`,
    );
  }
}

export function checkRetry(problems: Problems, location: string, value: unknown): void {
  if (!Array.isArray(value)) {
    problems.push(`${location}: Retry must be an array of retriers`);
    return;
  }
  value.forEach((retrier, i) => {
    const here = at(location, i);
    if (!isObject(retrier)) {
      problems.push(`${here}: a retrier must be an object`);
      return;
    }
    checkErrorEquals(problems, at(here, 'ErrorEquals'), retrier.ErrorEquals);
    const n = (f: string, rule: Parameters<typeof checkNumber>[3]) =>
      checkNumber(problems, at(here, f), retrier[f], rule, false);
    n('IntervalSeconds', { integer: true, min: 1, max: 99999999 });
    n('MaxAttempts', { integer: true, min: 0, max: 99999999 });
    n('BackoffRate', { integer: false, min: 1 });
    checkMaxDelaySeconds(problems, at(here, 'MaxDelaySeconds'), retrier.MaxDelaySeconds);
    const jitter = retrier.JitterStrategy;
    if (jitter !== undefined && jitter !== 'FULL' && jitter !== 'NONE') {
      problems.push(
        `${at(here, 'JitterStrategy')}: must be FULL or NONE, got ${JSON.stringify(jitter)}`,
      );
    }
    const extra = Object.keys(retrier).filter(
      (k) =>
        ![
          'ErrorEquals',
          'IntervalSeconds',
          'MaxAttempts',
          'BackoffRate',
          'MaxDelaySeconds',
          'JitterStrategy',
          'Comment',
        ].includes(k),
    );
    for (const k of extra)
      problems.push(`${at(here, k)}: field '${k}' is not supported in a retrier`);
  });
  allFirst(value, problems, location, 'retrier');
}

export function checkCatch(
  problems: Problems,
  location: string,
  value: unknown,
  stateNames: Set<string>,
  jsonata: boolean,
): void {
  if (!Array.isArray(value)) {
    problems.push(`${location}: Catch must be an array of catchers`);
    return;
  }
  value.forEach((catcher, i) => {
    const here = at(location, i);
    if (!isObject(catcher)) {
      problems.push(`${here}: a catcher must be an object`);
      return;
    }
    checkErrorEquals(problems, at(here, 'ErrorEquals'), catcher.ErrorEquals);
    checkTarget(problems, at(here, 'Next'), catcher.Next, stateNames);
    if (catcher.Assign !== undefined)
      checkAssign(problems, at(here, 'Assign'), catcher.Assign, jsonata);
    const allowed = ['ErrorEquals', 'Next', 'Comment', 'Assign', jsonata ? 'Output' : 'ResultPath'];
    for (const k of Object.keys(catcher).filter((f) => !allowed.includes(f))) {
      problems.push(
        `${at(here, k)}: field '${k}' is not supported in a ${jsonata ? 'JSONata' : 'JSONPath'} catcher`,
      );
    }
  });
  allFirst(value, problems, location, 'catcher');
}

export function checkTarget(
  problems: Problems,
  location: string,
  value: unknown,
  names: Set<string>,
): void {
  if (typeof value !== 'string' || value.length === 0) {
    problems.push(`${location}: must name a state`);
  } else if (!names.has(value)) {
    problems.push(
      `${location}: MISSING_TRANSITION_TARGET: no state named '${value}' in this scope`,
    );
  }
}

const variableName = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export function checkAssign(
  problems: Problems,
  location: string,
  value: unknown,
  jsonata: boolean,
): void {
  if (!isObject(value)) {
    problems.push(`${location}: Assign must be an object of variable name -> value`);
    return;
  }
  for (const name of Object.keys(value)) {
    const bare = !jsonata && name.endsWith('.$') ? name.slice(0, -2) : name;
    if (!variableName.test(bare) || bare.length > 80) {
      problems.push(
        `${at(location, name)}: '${bare}' is not a valid variable name (a letter or _ then letters, digits or _, at most 80)`,
      );
    } else if (bare === 'states') {
      problems.push(`${at(location, name)}: 'states' is reserved ($states)`);
    }
  }
}
