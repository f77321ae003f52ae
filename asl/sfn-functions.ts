/**
 * The JSONata functions Step Functions adds ($partition, $range, $hash, $random, $uuid, $parse)
 * and the `$eval` refusal, registered by `registerStepFunctionsFunctions` on a compiled
 * expression. One implementation serves both evaluators: the local engine (`engine/jsonata/`) and
 * the build-time evaluator (`sfn-jsonata.ts`: payload estimates, pipeline unit tests), so what a
 * unit test or an estimate computes is what the engine runs. Pure: the random source and the
 * clock are passed in.
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions-provided-by-sfn
 *
 * AWS: "Built-in JSONata functions that require integer values as parameters will automatically
 * round down any non-integer numbers provided"; an argument that leaves nothing to return (a chunk
 * size of 0, an empty array, a range whose step points away from its end) yields undefined, which
 * then fails the field with States.QueryEvaluationError.
 */
import { createHash } from 'node:crypto';
import jsonata from 'jsonata';

/** A JSONata-style error: jsonata throws plain objects carrying a code and a message. */
export type JsonataError = { code: string; message: string; position?: number; token?: string };

/**
 * Codes for the added functions' own errors; jsonata replaces the message of a code it knows
 * (T0410, D3001, ...) with its template, so these use a prefix of their own.
 */
function fail(code: string, message: string): never {
  throw { code, message } satisfies JsonataError;
}

function integerArg(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail('SFN0410', `Argument '${name}' of function $${fn} must be a number`);
  }
  return Math.trunc(value);
}

export function partition(array: unknown, chunkSize: unknown): unknown[][] | undefined {
  if (!Array.isArray(array)) fail('SFN0410', 'Argument 1 of function $partition must be an array');
  const size = integerArg('partition', 'chunkSize', chunkSize);
  if (size < 0) fail('SFN3001', '$partition chunk size must not be negative');
  if (size === 0 || array.length === 0) return undefined;
  const chunks: unknown[][] = [];
  for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
  return chunks;
}

/** Inclusive range; a one-element range collapses to the bare number, as JSONata sequences do. */
export function range(start: unknown, end: unknown, step: unknown): number[] | number | undefined {
  const from = integerArg('range', 'start', start);
  const to = integerArg('range', 'end', end);
  if (step === undefined) return undefined;
  const by = integerArg('range', 'step', step);
  if (by === 0 || (to - from) * by < 0) return undefined;
  const out: number[] = [];
  for (let v = from; by > 0 ? v <= to : v >= to; v += by) {
    out.push(v);
    if (out.length > 1_000_000) fail('SFN3002', '$range would produce more than 1,000,000 items');
  }
  return out.length === 1 ? out[0] : out;
}

const hashAlgorithms: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export function hash(data: unknown, algorithm: unknown): string | undefined {
  if (typeof data !== 'string') fail('SFN0410', 'Argument 1 of function $hash must be a string');
  if (algorithm === undefined) return undefined;
  const node = typeof algorithm === 'string' ? hashAlgorithms[algorithm] : undefined;
  if (!node) {
    fail(
      'SFN3003',
      `$hash algorithm must be one of ${Object.keys(hashAlgorithms).join(', ')}; got ${JSON.stringify(algorithm)}`,
    );
  }
  return createHash(node).update(data, 'utf8').digest('hex');
}

/**
 * A seeded source of draws in [0, 1): the same seed always yields the same sequence. The generator
 * is java.util.Random's (48-bit LCG, nextDouble); AWS does not document which generator it uses,
 * so the exact numbers may differ from AWS's. Also the deterministic random source of engine tests.
 */
export function seededRandomSource(seed: number): () => number {
  const mask = (1n << 48n) - 1n;
  const multiplier = 0x5deece66dn;
  let state = (BigInt.asIntN(64, BigInt(seed)) ^ multiplier) & mask;
  const next = (bits: number): bigint => {
    state = (state * multiplier + 0xbn) & mask;
    return state >> BigInt(48 - bits);
  };
  return () => {
    const high = next(26);
    const low = next(27);
    return Number((high << 27n) + low) / 2 ** 53;
  };
}

/**
 * `$random(seed)`: the first draw of the seeded source, so the same seed always yields the same
 * number (the property AWS documents).
 */
export function seededRandom(seed: number): number {
  return seededRandomSource(seed)();
}

export function random(source: () => number, seed: unknown): number {
  if (seed === undefined) return source();
  return seededRandom(integerArg('random', 'seed', seed));
}

const hexByte = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex8(n: number): string {
  const v = n >>> 0;
  return (
    (hexByte[v >>> 24] as string) +
    (hexByte[(v >>> 16) & 255] as string) +
    (hexByte[(v >>> 8) & 255] as string) +
    (hexByte[v & 255] as string)
  );
}

/** A v4 UUID drawn from the engine's random source (deterministic when `random` is seeded). */
export function uuid(source: () => number): string {
  const a = hex8(source() * 0x100000000);
  const b = hex8(((source() * 0x100000000) & 0xffff0fff) | 0x00004000);
  const c = hex8(((source() * 0x100000000) & 0x3fffffff) | 0x80000000);
  const d = hex8(source() * 0x100000000);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

export function parse(text: unknown): unknown {
  if (typeof text !== 'string') fail('SFN0410', 'Argument 1 of function $parse must be a string');
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail(
      'D3140',
      `$parse could not parse its argument as JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * AWS disables $eval ("use $parse instead"): on AWS the name is simply not bound, so a call fails
 * as invoking a non-function does (jsonata's T1006, "Attempted to invoke a non-function").
 */
export function refusedEval(): never {
  return fail('T1006', 'Attempted to invoke a non-function');
}

/** Where `$random()`, `$uuid()` and (when given) `$now()`/`$millis()` read from. */
export type FunctionRuntime = {
  random: () => number;
  /**
   * The clock for `$now` and `$millis`. The engine passes its own (injected `now`, skipped Wait
   * time) so histories and outputs are reproducible; without it JSONata's own functions stay.
   */
  nowMs?: () => number;
};

const helperFromMillis = jsonata('$fromMillis($ms, $picture, $timezone)');

/** Registers the Step Functions functions on one compiled expression. */
export function registerStepFunctionsFunctions(
  expression: jsonata.Expression,
  runtime: FunctionRuntime,
): void {
  expression.registerFunction('partition', partition);
  expression.registerFunction('range', range);
  expression.registerFunction('hash', hash);
  expression.registerFunction('random', (seed?: unknown) => random(runtime.random, seed));
  expression.registerFunction('uuid', () => uuid(runtime.random));
  expression.registerFunction('parse', parse);
  expression.registerFunction('eval', refusedEval);
  const nowMs = runtime.nowMs;
  if (nowMs === undefined) return;
  expression.registerFunction('millis', () => nowMs());
  expression.registerFunction('now', (picture?: unknown, timezone?: unknown) =>
    helperFromMillis.evaluate(undefined, { ms: nowMs(), picture, timezone }),
  );
}
