/**
 * The stored objects a run reports through its manifest (contracts/manifest.ts ManifestObject):
 * every per-date result of the download Lambda with status `ok` (bars stored or already
 * identical), as `{ ticker, date, key, rows, sha256 }`, in JSON files under the run's
 * `objectsPrefix`: inline, the Lambda writes one per ticker (its event's `objectsKey`);
 * distributed, each child writes one per batch (WriteBatchObjects). JSONata fragments for the
 * download Maps' options.
 */
import { Resource } from '../../asl/constants.ts';
import type { TaskState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { expr } from '../../builders/jsonata.ts';
import { idempotentRetry } from '../../builders/policies.ts';
import { task } from '../../builders/task.ts';
import { COLLECT_BARS_MANIFEST_PREFIX } from '../../contracts/manifest.ts';
import type { TimeoutsOf } from '../pipeline/config.ts';
import { ph } from '../pipeline/placeholders.ts';

/** One ObjectResult (`date`, `key`, ...) in context, as a ManifestObject of ticker `t`. */
const manifestObject = (t: string) =>
  `{ 'ticker': ${t}, 'date': date, 'key': key, 'rows': rows, 'sha256': sha256 }`;

/** Key prefix (no bucket) of the run's object files. */
export const objectsPrefix = `'${COLLECT_BARS_MANIFEST_PREFIX}' & $states.context.Execution.Name & '/objects/'`;

/**
 * Inline item: the download event's `objectsKey`, `<objectsPrefix><TICKER>.json`. The items are
 * prepare-input's tickers, already normalised as the Lambda requires.
 */
export const inlineObjectsKeyField = `'objectsKey': ${objectsPrefix} & $states.context.Map.Item.Value & '.json'`;

/** Inline iteration: how many objects the Lambda's file lists (`objectsListed`). */
export const inlineObjectsField = `'objects': $states.result.Payload.objectsListed`;

/** `$objects`: how many objects the run's files list, over every ticker. */
export const inlineObjectsAssign = expr('$sum([$states.result.objects])');

/**
 * Distributed child: the objects of the batch result (`keepObjects`), and the key of the file
 * they go to, named after the batch's first ticker so a rerun of the batch overwrites it. The
 * child sees only its input: the parent's execution name comes in BatchInput.
 */
export const batchObjectsFields = `'objects': [$states.result.Payload.results.(
    $t := ticker;
    objects[status = 'ok'].${manifestObject('$t')}
  )],
  'objectsKey': '${COLLECT_BARS_MANIFEST_PREFIX}' & $states.input.BatchInput.executionName
    & '/objects/' & $states.result.Payload.results[0].ticker & '.json'`;

/** Distributed child, after DownloadBatch: writes the batch's objects, outputs its counts. */
export const writeBatchObjects = (c: TimeoutsOf<'s3TaskSeconds'>): Named<TaskState> =>
  task('WriteBatchObjects', {
    Comment: "The batch's stored objects (ManifestObject[]) for the run manifest",
    Resource: Resource.AwsSdkS3PutObject,
    Arguments: {
      Bucket: ph('DataBucket'),
      Key: expr('$states.input.objectsKey'),
      Body: expr('$string($states.input.objects)'),
      ContentType: 'application/json',
    },
    TimeoutSeconds: c.timeouts.s3TaskSeconds,
    // Writing the same key twice is harmless, so any failure may be retried.
    Retry: [idempotentRetry()],
    Output: expr(`{
      'ok': $states.input.ok,
      'empty': $states.input.empty,
      'failed': $states.input.failed
    }`),
    End: true,
  });
