/**
 * What an S3 `Key` or `Prefix` field of a definition may hold, as IAM object patterns (the part
 * after `<bucket-arn>/`), so a role is granted the keys a state can touch rather than the whole
 * bucket. Read statically, never guessing wider than the definition says:
 *
 * - a literal key stays exact; a literal prefix gets `*`;
 * - a JSONata expression starting with a string literal (`{% 'manifests/' & $id %}`) is that
 *   prefix plus `*`;
 * - a bare variable (`{% $tickerFile %}`) is whatever its `Assign`s may hold;
 * - any other run-time value (`{% $states.input.Key %}`, a Map item) is a key the execution
 *   learned at run time. A definition learns keys from two places Step Functions fills: a
 *   Distributed Map's ResultWriter (its manifest and result files) and an S3 listing. Such keys
 *   are granted under those sources' prefixes; a definition with neither (its keys come from the
 *   execution input) gets the whole bucket. A key outside them is refused by IAM at run time:
 *   the failure is an AccessDenied, never a broader grant.
 */
import { expressionText } from '../asl/expression.ts';
import { assignmentsOf, type FieldValue, integrationsOf } from './integrations.ts';

/** The bucket-wide pattern. */
export const ANY_KEY = '*';

const BARE_VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;
/** A leading string literal, single- or double-quoted, and what follows it. */
const LEADING_LITERAL = /^(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(&|$)/;

/** A literal with a `${Placeholder}` inside is only known up to the placeholder. */
const literalPattern = (text: string, prefix: boolean): string => {
  const cut = text.indexOf('${');
  if (cut >= 0) return `${text.slice(0, cut)}*`;
  return prefix ? `${text}*` : text;
};

/** `undefined` where the value is only known at run time. */
const staticPatterns = (
  definition: object,
  value: FieldValue,
  prefix: boolean,
  seen: ReadonlySet<string>,
): string[] | undefined => {
  if (value === undefined) return prefix ? [ANY_KEY] : undefined;
  if (typeof value !== 'string') return undefined;
  const expression = expressionText(value);
  if (expression === undefined) return [literalPattern(value, prefix)];
  const variable = BARE_VARIABLE.exec(expression)?.[1];
  if (variable !== undefined && variable !== 'states' && !seen.has(variable)) {
    const assigned = assignmentsOf(definition, variable);
    if (assigned.length === 0) return undefined;
    const next = new Set([...seen, variable]);
    const all = assigned.map((v) => staticPatterns(definition, v, prefix, next));
    return all.every((p) => p !== undefined) ? all.flat() : undefined;
  }
  const literal = LEADING_LITERAL.exec(expression);
  if (literal) {
    const text = literal[1] ?? literal[2] ?? '';
    // `'a/b'` alone is the whole key; `'a/' & ...` only its start.
    return [literalPattern(text, prefix || literal[3] === '&')];
  }
  return undefined;
};

const normalise = (patterns: string[]): string[] => {
  const found = [...new Set(patterns.map((p) => (p === '' || p === '*' ? ANY_KEY : p)))];
  return found.includes(ANY_KEY) ? [ANY_KEY] : found;
};

/**
 * Where the definition learns keys at run time: its ResultWriter prefixes and listing prefixes
 * (`*` when it has none, or when one of them is itself only known at run time).
 */
export const runTimeKeyPatterns = (definition: object): string[] => {
  const sources = integrationsOf(definition).filter(
    (u) => u.kind === 's3' && (u.source === 'ResultWriter' || u.action === 'listObjectsV2'),
  );
  if (sources.length === 0) return [ANY_KEY];
  const patterns = sources.map((u) =>
    u.kind === 's3' ? staticPatterns(definition, u.key, true, new Set()) : undefined,
  );
  return patterns.every((p) => p !== undefined) ? normalise(patterns.flat()) : [ANY_KEY];
};

/** The object patterns a Key (or, with `prefix`, a Prefix) field may match; `*` swallows the rest. */
export const keyPatterns = (definition: object, value: FieldValue, prefix: boolean): string[] =>
  normalise(staticPatterns(definition, value, prefix, new Set()) ?? runTimeKeyPatterns(definition));

/** Whether `keyPatterns` had to fall back on the run-time key sources for this value. */
export const isRunTimeKey = (definition: object, value: FieldValue, prefix: boolean): boolean =>
  staticPatterns(definition, value, prefix, new Set()) === undefined;
