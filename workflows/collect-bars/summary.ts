/** The execution output of collect-bars: the counts, where the data and the manifest are. */
import type { SucceedState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { expr } from '../../builders/jsonata.ts';
import { succeed } from '../../builders/succeed.ts';
import type { DownloadModeResolved } from '../pipeline/limits.ts';
import { dataPrefix } from '../pipeline/paths.ts';
import { ph } from '../pipeline/placeholders.ts';
import { runManifestKey } from './run-manifest.ts';

export const collectSummary = (mode: DownloadModeResolved): Named<SucceedState> =>
  succeed('Summary', {
    Output: expr(`{
      'executionName': $states.context.Execution.Name,
      'window': { 'from': $run.from, 'to': $run.to, 'sessions': $run.dates },
      'interval': $run.interval,
      'provider': $run.provider,
      'dataPrefix': ${dataPrefix},
      'tickers': {
        'requested': $downloads.ok + $downloads.empty + $downloads.failed,
        'ok': $downloads.ok,
        'empty': $downloads.empty,
        'failed': $downloads.failed,
        'failedTickers': $downloads.failedTickers
      },
      ${mode === 'inline' ? `'objects': $objects,` : `'mapRunManifest': 's3://${ph('DataBucket')}/' & $manifestKey,`}
      'manifest': 's3://${ph('DataBucket')}/' & ${runManifestKey}
    }`),
  });
