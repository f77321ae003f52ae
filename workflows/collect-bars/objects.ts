/**
 * The stored objects a run reports through its manifest (contracts/manifest.ts ManifestObject):
 * every per-date result of the download Lambda with status `ok` (bars stored or already
 * identical), as `{ ticker, date, key, rows, sha256 }`, in JSON files under the run's
 * `objectsPrefix`, which the download Lambda writes: inline, one per ticker (its event's
 * `objectsKey`); distributed, one per batch, named after its first ticker (BatchInput
 * `objectsPrefix`). JSONata fragments for the download Maps' options.
 */
import { expr } from '../../builders/jsonata.ts';
import { COLLECT_BARS_MANIFEST_PREFIX } from '../../contracts/manifest.ts';

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

/** Distributed BatchInput: where each batch's Lambda writes its objects file. */
export const batchObjectsInput = { objectsPrefix: expr(objectsPrefix) };
