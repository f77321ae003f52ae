/**
 * ValidateInput of collect-bars: the pipeline's input without the training fields (tickers or
 * the universe file, date or from/to, interval, provider), checked by the same expression
 * (workflows/pipeline/input.ts). The window is not checked against what training needs.
 */
import { type InputSpec, REPLACE_WITH_FEWER_ROWS } from '../pipeline/input.ts';
import type { CollectBarsConfig } from './config.ts';

export const COLLECT_BARS_INPUT_FIELDS = [
  'tickers',
  'date',
  'from',
  'to',
  'interval',
  'provider',
  REPLACE_WITH_FEWER_ROWS,
] as const;

export const collectBarsInputSpec = (c: CollectBarsConfig): InputSpec => ({
  fields: COLLECT_BARS_INPUT_FIELDS,
  provider: c.defaults.provider,
});
