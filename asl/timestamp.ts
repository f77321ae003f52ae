/**
 * A Wait state's `Timestamp`: an ISO-8601 extended date-time with an offset (RFC 3339 profile),
 * e.g. `2024-05-01T10:00:00Z` or `2024-05-01T12:00:00.5+02:00`. One rule for the builder, the
 * engine's validator and the engine's Wait.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
 */
export const isoOffsetDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of a Wait timestamp; NaN when the text is not one or names no date. */
export const timestampMs = (text: string): number =>
  isoOffsetDateTime.test(text) ? Date.parse(text) : Number.NaN;
