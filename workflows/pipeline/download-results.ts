/**
 * DISTRIBUTED mode: read the ResultWriter's manifest, then every result file it lists, and sum
 * the children's `{ ok, empty, failed }` into `$downloads`. A failed child (one whose own Catch
 * could not run, e.g. it timed out) is in a FAILED file with its input: all its tickers count as
 * failed.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */

import { Resource } from '../../asl/constants.ts';
import type { MapState, Retrier, TaskState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { expr } from '../../builders/jsonata.ts';
import { map } from '../../builders/map.ts';
import { idempotentRetry } from '../../builders/policies.ts';
import { fragment } from '../../builders/state-machine.ts';
import { task } from '../../builders/task.ts';
import type { TimeoutsOf } from './config.ts';
import { ph } from './placeholders.ts';

/** Reads are idempotent: retry anything. */
const readRetry: Retrier[] = [idempotentRetry()];

export const readManifest = (c: TimeoutsOf<'s3TaskSeconds'>, next: string): Named<TaskState> =>
  task('ReadManifest', {
    Comment: 'manifest.json of the Map Run: which result files exist',
    Resource: Resource.AwsSdkS3GetObject,
    Arguments: { Bucket: expr('$states.input.Bucket'), Key: expr('$states.input.Key') },
    TimeoutSeconds: c.timeouts.s3TaskSeconds,
    Retry: readRetry,
    Assign: { manifestKey: expr('$states.input.Key') },
    Output: expr('$parse($states.result.Body)'),
    Next: next,
  });

const totals = `{
  'ok': $sum([$states.result.ok]),
  'empty': $sum([$states.result.empty]),
  'failed': $sum([$states.result.failed])
}`;

export const sumResults = (c: TimeoutsOf<'s3TaskSeconds'>, next: string): Named<MapState> => {
  const processor = fragment({
    startAt: 'ReadResultFile',
    states: [
      task('ReadResultFile', {
        Resource: Resource.AwsSdkS3GetObject,
        Arguments: { Bucket: ph('DataBucket'), Key: expr('$states.input.key') },
        TimeoutSeconds: c.timeouts.s3TaskSeconds,
        Retry: readRetry,
        Output: expr(`(
          $rows := $parse($states.result.Body);
          $states.input.succeeded
            ? { 'ok': $sum([$rows.ok]), 'empty': $sum([$rows.empty]), 'failed': $sum([$rows.failed]) }
            : { 'ok': 0, 'empty': 0, 'failed': $sum([$rows.$count($parse(Input).Items)]) }
        )`),
        End: true,
      }),
    ],
  });
  return map('SumResults', {
    Comment: 'Counts from every SUCCEEDED and FAILED result file',
    Items: expr(`$append(
      [$states.input.ResultFiles.SUCCEEDED.{ 'key': Key, 'succeeded': true }],
      [$states.input.ResultFiles.FAILED.{ 'key': Key, 'succeeded': false }]
    )`),
    MaxConcurrency: 4,
    ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...processor },
    Assign: { downloads: expr(totals) },
    Output: expr(totals),
    Next: next,
  });
};
