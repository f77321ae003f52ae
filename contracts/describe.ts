/**
 * Renders untrusted values for error messages and logs. Input can be hostile (control
 * characters, bidi overrides, 500-character strings), so it is quoted, escaped to printable
 * ASCII and cut before it reaches a log line or a Step Functions error cause.
 */
export const MAX_SHOWN = 40;

/** `"AAPL"`, `"..\/etc"`, `"\u0410APL"`, `"xxxx…" (500 chars)`, `null`, `array`. */
export function show(value: unknown): string {
  if (typeof value !== 'string') return kindOf(value);
  const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  const escaped = JSON.stringify(cut).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return value.length > MAX_SHOWN ? `${escaped} (${value.length} chars)` : escaped;
}

/** The JSON kind of a value, for "must be a string, got number" messages. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isFinite(value) ? `number ${value}` : String(value);
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
