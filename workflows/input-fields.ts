/**
 * Input fields several workflows share, as the registry lists them (`--list`, docs): one wording
 * per field. Fields whose default or meaning differs per workflow (tickers, from) stay with it.
 */
import type { InputField } from './workflow.ts';

export const DATE_FIELD: InputField = {
  name: 'date',
  type: 'YYYY-MM-DD',
  default: 'see from/to',
  description: 'one session',
};

export const TO_FIELD: InputField = {
  name: 'to',
  type: 'YYYY-MM-DD',
  default: 'see from',
  description: 'last day of the window',
};

export const INTERVAL_FIELD: InputField = {
  name: 'interval',
  type: "'1m' | '5m' | '1h' | '1d'",
  default: '1m',
  description: 'bar size',
};

export const PROVIDER_FIELD: InputField = {
  name: 'provider',
  type: "'yahoo' | 'alphavantage' | 'synthetic'",
  default: 'yahoo',
  description: 'where bars come from (synthetic needs no network)',
};

export const MAX_DEPTH_FIELD: InputField = {
  name: 'maxDepth',
  type: 'integer 1..30',
  default: '5',
  description: 'decision tree depth',
};

export const TEST_FRACTION_FIELD: InputField = {
  name: 'testFraction',
  type: 'number (0, 1)',
  default: '0.2',
  description: 'held-out share',
};

export const REPLACE_WITH_FEWER_ROWS_FIELD: InputField = {
  name: 'replaceWithFewerRows',
  type: 'boolean',
  default: 'false',
  description: 'let a download with fewer rows replace stored bars (else they are kept)',
};
