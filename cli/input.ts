/**
 * The execution input sent to the state machine, and its deterministic default name: the same
 * run (same input) always gets the same name, so a rerun is idempotent on Step Functions.
 */
import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '../asl/types.ts';

/** The input flags of one run. Absent fields are left to the workflow's defaults. */
export type InputFlags = {
  /** Absent: the workflow reads the universe file. */
  tickers?: string[];
  date: string;
  interval?: string;
  provider?: string;
  maxDepth?: JsonValue;
  testFraction?: JsonValue;
  manifest?: JsonValue;
  replaceWithFewerRows?: JsonValue;
};

/** Step Functions allows 80 characters; [A-Za-z0-9-_] keeps names valid for CloudWatch too. */
export const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** Step Functions' execution input limit (256 KiB, UTF-8). */
export const MAX_INPUT_BYTES = 262_144;

export function buildInput(flags: InputFlags): JsonObject {
  const input: JsonObject = { date: flags.date };
  if (flags.tickers) input.tickers = flags.tickers;
  if (flags.interval) input.interval = flags.interval;
  if (flags.provider) input.provider = flags.provider;
  if (flags.maxDepth !== undefined) input.maxDepth = flags.maxDepth;
  if (flags.testFraction !== undefined) input.testFraction = flags.testFraction;
  if (flags.manifest !== undefined) input.manifest = flags.manifest;
  if (flags.replaceWithFewerRows !== undefined) {
    input.replaceWithFewerRows = flags.replaceWithFewerRows;
  }
  return input;
}

/**
 * JSON with object keys sorted at every level: StartExecution treats a same-name call as the same
 * execution only when the input string is identical, so key order must not depend on the caller.
 */
export function canonicalJson(value: JsonValue): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: JsonObject = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key] as JsonValue);
    return sorted;
  }
  return value;
}

/**
 * `<prefix>-<date>-<12 hex of sha256(canonical input)>`, or `<prefix>-input-<hash>` without a
 * date. The prefix is the workflow's initials (`mdp` for market-data-pipeline).
 */
export function defaultExecutionName(input: JsonObject, prefix = 'mdp'): string {
  const hash = createHash('sha256').update(canonicalJson(input)).digest('hex').slice(0, 12);
  const date = typeof input.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input.date);
  return `${prefix}-${date ? input.date : 'input'}-${hash}`;
}
