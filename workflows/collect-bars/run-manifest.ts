/**
 * WriteRunManifest: the run manifest (contracts/manifest.ts) to
 * `manifests/collect-bars/<execution name>.json`, once the downloads are counted. One putObject
 * of a document built here, so its size is bounded at build time (limits.ts); the objects are
 * in the files it names (`objectsPrefix`), written during the downloads.
 */
import { Resource } from '../../asl/constants.ts';
import type { TaskState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { expr } from '../../builders/jsonata.ts';
import { idempotentRetry } from '../../builders/policies.ts';
import { task } from '../../builders/task.ts';
import {
  COLLECT_BARS_MANIFEST_PREFIX,
  COLLECT_BARS_MANIFEST_VERSION,
} from '../../contracts/manifest.ts';
import type { DownloadModeResolved } from '../pipeline/limits.ts';
import { ph } from '../pipeline/placeholders.ts';
import type { CollectBarsConfig } from './config.ts';
import { objectsPrefix } from './objects.ts';

/** Key (no bucket) of this execution's run manifest. */
export const runManifestKey = `'${COLLECT_BARS_MANIFEST_PREFIX}' & $states.context.Execution.Name & '.json'`;

/**
 * The manifest document (a JSONata object), as the mode makes it. The objects are in files under
 * `objectsPrefix` (objects.ts), so its size does not depend on the window's length.
 */
export const manifestDocument = (mode: DownloadModeResolved) => `{
    'version': ${COLLECT_BARS_MANIFEST_VERSION},
    'workflow': 'collect-bars',
    'mode': '${mode}',
    'executionName': $states.context.Execution.Name,
    'startTime': $states.context.Execution.StartTime,
    'bucket': '${ph('DataBucket')}',
    'dataPrefix': 'raw/interval=' & $run.interval & '/',
    'interval': $run.interval,
    'provider': $run.provider,
    'window': { 'from': $run.from, 'to': $run.to },
    'sessions': $run.dates,
    'tickers': {
      'requested': $downloads.ok + $downloads.empty + $downloads.failed,
      'ok': $downloads.ok,
      'empty': $downloads.empty,
      'failed': $downloads.failed,
      ${mode === 'inline' ? `'listed': $tickers, 'failedTickers': [$downloads.failedTickers]` : `'file': $tickerFile`}
    },
    'objectsPrefix': ${objectsPrefix}
  }`;

export const writeRunManifest = (
  c: CollectBarsConfig,
  mode: DownloadModeResolved,
  next: string,
): Named<TaskState> =>
  task('WriteRunManifest', {
    Comment: 'Which tickers and sessions the run collected, and where its objects files are',
    Resource: Resource.AwsSdkS3PutObject,
    Arguments: {
      Bucket: ph('DataBucket'),
      Key: expr(runManifestKey),
      Body: expr(`$string(${manifestDocument(mode)})`),
      ContentType: 'application/json',
    },
    TimeoutSeconds: c.timeouts.s3TaskSeconds,
    // Writing the same key twice is harmless, so any failure may be retried.
    Retry: [idempotentRetry()],
    Output: expr(`{ 'manifest': 's3://${ph('DataBucket')}/' & ${runManifestKey} }`),
    Next: next,
  });
