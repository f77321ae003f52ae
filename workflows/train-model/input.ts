/**
 * ValidateInput of train-model, by the pipeline's expression (workflows/pipeline/input.ts): a
 * window (date, or from/to, or the default) or `manifest` (a collect-bars run manifest, which
 * names the window and the interval), optional tickers, interval and the training parameters.
 * With a manifest the window is checked once the manifest is read (manifest.ts).
 */
import type { InputSpec } from '../pipeline/input.ts';
import type { TrainModelConfig } from './config.ts';

export const TRAIN_MODEL_INPUT_FIELDS = [
  'tickers',
  'date',
  'from',
  'to',
  'manifest',
  'interval',
  'maxDepth',
  'testFraction',
] as const;

/** Longest S3 key. */
const MAX_KEY_LENGTH = 1024;

const manifestProblems = [
  `$given('manifest') and $not($type($in.manifest) = 'string' and $length($in.manifest) > 5
      and $length($in.manifest) <= ${MAX_KEY_LENGTH} and $substring($in.manifest, -5) = '.json'
      and $substring($in.manifest, 0, 1) != '/' and $substring($in.manifest, 0, 5) != 's3://')
    ? ['manifest must be the key of a collect-bars run manifest in the data bucket, like manifests/collect-bars/<execution>.json (no leading / or s3://), got ' & $show($in.manifest)] : []`,
  `$given('manifest') and ($given('date') or $given('from') or $given('to'))
    ? ['manifest cannot be combined with date or from/to: the manifest names the sessions'] : []`,
  `$given('manifest') and $given('interval')
    ? ['manifest cannot be combined with interval: the manifest names the interval'] : []`,
];

export const trainModelInputSpec = (c: TrainModelConfig): InputSpec => ({
  fields: TRAIN_MODEL_INPUT_FIELDS,
  training: {
    maxDepth: c.training.maxDepth,
    testFraction: c.training.testFraction,
    windowUnknownIf: `$given('manifest')`,
  },
  problems: manifestProblems,
  runFields: `'manifest': $given('manifest') ? $in.manifest`,
});
