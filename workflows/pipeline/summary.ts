/** Step 7: the execution output: where the data and the model are, and how the tickers fared. */

import type { SucceedState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { expr } from '../../builders/jsonata.ts';
import { succeed } from '../../builders/succeed.ts';
import { dataPrefix, inputPrefixes, modelPrefix } from './paths.ts';
import { ph } from './placeholders.ts';

/** `distributed`: also name the manifest of the Map Run's result files. */
export const summary = (distributed: boolean): Named<SucceedState> =>
  succeed('Summary', {
    Output: expr(`{
      'executionName': $states.context.Execution.Name,
      'window': { 'from': $run.from, 'to': $run.to, 'sessions': $run.dates },
      'interval': $run.interval,
      'provider': $run.provider,
      'dataPrefix': ${dataPrefix},
      'inputPrefixes': ${inputPrefixes},
      'modelPrefix': ${modelPrefix},
      'metrics': ${modelPrefix} & 'metrics.json',
      'tickers': {
        'requested': $downloads.ok + $downloads.empty + $downloads.failed,
        'ok': $downloads.ok,
        'empty': $downloads.empty,
        'failed': $downloads.failed,
        'failedTickers': $downloads.failedTickers
      },
      ${distributed ? `'manifest': 's3://${ph('DataBucket')}/' & $manifestKey,` : ''}
      'clusterId': $clusterId
    }`),
  });
