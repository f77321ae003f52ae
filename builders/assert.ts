/**
 * What every state builder shares: the named result type and the checks that make misuse throw at
 * once, naming the state and the bad value (the first of the two error tiers; whole-workflow
 * checks that return every problem live in state-machine.ts and checks/).
 */
import { StatesError } from '../asl/constants.ts';
import { describeState } from '../asl/describe.ts';
import { isExpression } from '../asl/expression.ts';
import type { Catcher, Retrier, State, Transition } from '../asl/types.ts';
import { assertExpressionsCompile } from './jsonata.ts';

/** A state and the name it is registered under in its state machine. */
export type Named<S extends State = State> = { readonly name: string; readonly state: S };

/** ASL limits state names to 80 characters. */
const MAX_NAME_LENGTH = 80;
/** ASL's upper bound for TimeoutSeconds, IntervalSeconds, MaxAttempts and friends. */
const MAX_SECONDS = 99_999_999;
/** MaxDelaySeconds must stay under one year plus a day. */
const MAX_DELAY_SECONDS = 31_622_400;

export const assertName = (type: string, name: string): void => {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new Error(`${type}: state name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new Error(
      `${describeState(type, name)}: state name must be at most ${MAX_NAME_LENGTH} characters, got ${name.length}`,
    );
  }
};

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Integer in [min, max], or a JSONata expression (checked when it runs). */
export const assertIntOrExpr = (
  where: string,
  field: string,
  value: unknown,
  min: number,
  max = MAX_SECONDS,
): void => {
  if (value === undefined || isExpression(value)) return;
  if (!isInt(value) || value < min || value > max) {
    const range = max === MAX_SECONDS ? `>= ${min}` : `between ${min} and ${max}`;
    throw new Error(`${where}: ${field} must be an integer ${range}, got ${JSON.stringify(value)}`);
  }
};

export const assertTransition = (where: string, t: Partial<Transition>): void => {
  const hasNext = t.Next !== undefined;
  const hasEnd = t.End === true;
  if (hasNext === hasEnd) {
    throw new Error(`${where}: exactly one of Next or End: true is required`);
  }
  if (hasNext && (typeof t.Next !== 'string' || t.Next === '')) {
    throw new Error(`${where}: Next must be a state name, got ${JSON.stringify(t.Next)}`);
  }
};

/** States.ALL must stand alone in its ErrorEquals and come last (ASL spec, "Error names"). */
const assertErrorEquals = (
  where: string,
  list: readonly string[],
  index: number,
  total: number,
) => {
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(`${where}: ErrorEquals must list at least one error name`);
  }
  for (const name of list) {
    if (typeof name !== 'string' || name === '') {
      throw new Error(
        `${where}: ErrorEquals entries must be error names, got ${JSON.stringify(name)}`,
      );
    }
  }
  if (list.includes(StatesError.ALL)) {
    if (list.length > 1) {
      throw new Error(
        `${where}: ${StatesError.ALL} must appear alone, got ${JSON.stringify(list)}`,
      );
    }
    if (index !== total - 1) {
      throw new Error(`${where}: ${StatesError.ALL} must be in the last entry`);
    }
  }
};

export const assertRetry = (where: string, retry: readonly Retrier[] | undefined): void => {
  retry?.forEach((r, i) => {
    const at = `${where}: Retry[${i}]`;
    assertErrorEquals(at, r.ErrorEquals, i, retry.length);
    assertIntOrExpr(at, 'IntervalSeconds', r.IntervalSeconds, 1);
    assertIntOrExpr(at, 'MaxAttempts', r.MaxAttempts, 0);
    assertIntOrExpr(at, 'MaxDelaySeconds', r.MaxDelaySeconds, 1, MAX_DELAY_SECONDS);
    if (r.BackoffRate !== undefined && !(typeof r.BackoffRate === 'number' && r.BackoffRate >= 1)) {
      throw new Error(
        `${at}: BackoffRate must be a number >= 1, got ${JSON.stringify(r.BackoffRate)}`,
      );
    }
    if (
      r.JitterStrategy !== undefined &&
      r.JitterStrategy !== 'FULL' &&
      r.JitterStrategy !== 'NONE'
    ) {
      throw new Error(
        `${at}: JitterStrategy must be FULL or NONE, got ${JSON.stringify(r.JitterStrategy)}`,
      );
    }
  });
};

export const assertCatch = (where: string, catchers: readonly Catcher[] | undefined): void => {
  catchers?.forEach((c, i) => {
    const at = `${where}: Catch[${i}]`;
    assertErrorEquals(at, c.ErrorEquals, i, catchers.length);
    if (typeof c.Next !== 'string' || c.Next === '') {
      throw new Error(`${at}: Next must be a state name, got ${JSON.stringify(c.Next)}`);
    }
    assertExpressionsCompile(at, 'Output', c.Output);
    assertExpressionsCompile(at, 'Assign', c.Assign);
  });
};

/** Compiles the JSONata in every listed field of a state (Output, Assign, Arguments, ...). */
export const assertFieldsCompile = (where: string, state: object, fields: readonly string[]) => {
  const record = state as Record<string, unknown>;
  for (const field of fields) assertExpressionsCompile(where, field, record[field]);
};

/** Drops keys whose value is undefined, so optional props never reach the JSON as `undefined`. */
export const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** `Omit` that keeps a union a union (ASL states are unions of Next | End). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The order fields appear in emitted states: stable snapshots, and readable diffs. */
const KEY_ORDER = [
  'Type',
  'Comment',
  'QueryLanguage',
  'Condition',
  'Resource',
  'Arguments',
  'Items',
  'ItemReader',
  'ItemSelector',
  'ItemBatcher',
  'MaxConcurrency',
  'ToleratedFailurePercentage',
  'ToleratedFailureCount',
  'Label',
  'ItemProcessor',
  'ResultWriter',
  'Branches',
  'Seconds',
  'Timestamp',
  'Choices',
  'Default',
  'Error',
  'Cause',
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'Credentials',
  'Retry',
  'Catch',
  'Output',
  'Assign',
  'Next',
  'End',
];

/**
 * A deep copy of a state with undefined fields dropped and the rest in canonical ASL order. Deep,
 * so two states built from one shared Retry or Catch array never alias each other (a consumer
 * that edits one state, as asl-validator does, must not edit another).
 */
export const canonical = <T extends object>(state: T): T => {
  const entries = Object.entries(structuredClone(compact(state)));
  const rank = (k: string) => {
    const i = KEY_ORDER.indexOf(k);
    return i === -1 ? KEY_ORDER.length : i;
  };
  entries.sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(entries) as T;
};
