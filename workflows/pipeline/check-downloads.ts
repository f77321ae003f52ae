/**
 * Step 3: refuse to pay for a cluster when too few tickers downloaded. `$downloads` holds
 * `{ ok, empty, failed, failedTickers? }` in both Map modes.
 */

import type { ChoiceState, FailState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { choice } from '../../builders/choice.ts';
import { fail } from '../../builders/fail.ts';
import { expr } from '../../builders/jsonata.ts';
import type { PipelineConfig } from './config.ts';

export const INSUFFICIENT_DATA_ERROR = 'InsufficientDataError';

const total = '($downloads.ok + $downloads.empty + $downloads.failed)';

export const checkDownloads = (
  c: { download: Pick<PipelineConfig['download'], 'minSuccessRatio'> },
  next: string,
): { check: Named<ChoiceState>; insufficient: Named<FailState> } => {
  const ratio = c.download.minSuccessRatio;
  const percent = Math.round(ratio * 10_000) / 100;
  return {
    check: choice('CheckDownloads', {
      Comment: `At least ${percent}% of the tickers (and at least one) must download ok`,
      Choices: [
        {
          // A ratio, not ok >= ceil(total * r): 100 * 0.9 is 90.00000000000001 in floating point.
          Condition: expr(`$downloads.ok >= 1 and $downloads.ok / ${total} >= ${ratio}`),
          Next: next,
        },
      ],
      Default: 'InsufficientData',
    }),
    insufficient: fail('InsufficientData', {
      Comment: 'Fails before any cluster exists',
      Error: INSUFFICIENT_DATA_ERROR,
      Cause:
        expr(`'only ' & $downloads.ok & ' of ' & ${total} & ' tickers downloaded ok, below the required ${percent}% ('
        & $downloads.empty & ' empty, ' & $downloads.failed & ' failed'
        & ($count($downloads.failedTickers) > 0 ? ': ' & $join($downloads.failedTickers, ', ') : '') & ')'`),
    }),
  };
};
