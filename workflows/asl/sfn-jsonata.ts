/**
 * Evaluates a `{% %}` expression the way Step Functions does, for build-time estimates and unit
 * tests: the jsonata 2.0.6 library plus the functions Step Functions adds ($parse, $partition,
 * $range, $hash, $random, $uuid), with `$states` and workflow variables bound.
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { expressionBody, isExpression } from './jsonata.ts';
import type { Template } from './types.ts';

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** Mulberry32: the seeded generator behind `$random(seed)` here (the values differ from AWS's). */
const seeded = (seed: number) => {
  let a = seed >>> 0;
  a = (a + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const stepFunctionsExtensions = (e: jsonata.Expression): jsonata.Expression => {
  e.registerFunction('parse', (text: string) => JSON.parse(text), '<s:x>');
  e.registerFunction(
    'partition',
    (items: unknown[], size: number) => {
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
      return out;
    },
    '<an:a>',
  );
  e.registerFunction(
    'range',
    (start: number, end: number, step: number) => {
      const out: number[] = [];
      if (step === 0) throw new Error('$range: step must not be 0');
      for (let v = start; step > 0 ? v <= end : v >= end; v += step) out.push(v);
      return out;
    },
    '<nnn:a>',
  );
  e.registerFunction(
    'hash',
    (value: string, algorithm: string) => {
      const name = HASHES[algorithm];
      if (name === undefined) throw new Error(`$hash: unsupported algorithm ${algorithm}`);
      return createHash(name).update(value).digest('hex');
    },
    '<ss:s>',
  );
  e.registerFunction(
    'random',
    (seed?: number) => (seed === undefined ? Math.random() : seeded(seed)),
    '<n?:n>',
  );
  e.registerFunction('uuid', () => randomUUID(), '<:s>');
  return e;
};

export type StatesBinding = {
  input?: unknown;
  result?: unknown;
  errorOutput?: unknown;
  context?: unknown;
};

/** Evaluates one expression string (`{% ... %}`); a plain string is returned as it is. */
export const evaluateExpression = async (
  expression: string,
  states: StatesBinding,
  variables: Record<string, unknown> = {},
): Promise<unknown> => {
  if (!isExpression(expression)) return expression;
  const e = stepFunctionsExtensions(jsonata(expressionBody(expression)));
  return e.evaluate(null, { ...variables, states });
};

/** Evaluates a template: expressions anywhere inside objects and arrays; undefined keys dropped. */
export const evaluateTemplate = async (
  template: Template,
  states: StatesBinding,
  variables: Record<string, unknown> = {},
): Promise<unknown> => {
  if (typeof template === 'string') return evaluateExpression(template, states, variables);
  if (Array.isArray(template)) {
    return Promise.all(template.map((t) => evaluateTemplate(t, states, variables)));
  }
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) {
      const value = await evaluateTemplate(v, states, variables);
      if (value !== undefined) out[k] = value;
    }
    return out;
  }
  return template;
};
