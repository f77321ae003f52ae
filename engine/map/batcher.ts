/**
 * ItemBatcher: groups a Distributed Map's (selected) items into batches; each child execution
 * receives `{ "Items": [...], "BatchInput": ... }` (BatchInput only when set). A batch closes when
 * it holds MaxItemsPerBatch items or when one more item would take its JSON past
 * MaxInputBytesPerBatch.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
 */
import type { JsonValue } from '../api.ts';
import { StatesRuntimeError } from '../errors.ts';
import { jsonBytes, toJson } from '../json.ts';
import { evaluateTemplate } from '../jsonata/template.ts';
import type { ItemBatcherModel, MapModel } from '../model.ts';
import { runBindings, type StateRun } from '../states/lifecycle.ts';
import { evaluateInteger } from '../states/values.ts';

export type BatchLimits = { maxItems: number; maxBytes: number; batchInput: JsonValue | undefined };

export async function batchLimits(
  run: StateRun<MapModel>,
  batcher: ItemBatcherModel,
): Promise<BatchLimits> {
  return {
    maxItems: batcher.maxItemsPerBatch
      ? await evaluateInteger(run, batcher.maxItemsPerBatch, 1)
      : Number.POSITIVE_INFINITY,
    maxBytes: batcher.maxInputBytesPerBatch
      ? await evaluateInteger(run, batcher.maxInputBytesPerBatch, 1)
      : Number.POSITIVE_INFINITY,
    batchInput: batcher.batchInput
      ? await evaluateTemplate(batcher.batchInput, runBindings(run))
      : undefined,
  };
}

export function makeBatches(items: JsonValue[], limits: BatchLimits): JsonValue[] {
  const batches: JsonValue[] = [];
  const wrap = (batch: JsonValue[]): JsonValue =>
    limits.batchInput === undefined
      ? { Items: batch }
      : { Items: batch, BatchInput: limits.batchInput };
  const overhead = jsonBytes(toJson(wrap([])));
  let current: JsonValue[] = [];
  let bytes = overhead;
  items.forEach((item, index) => {
    const size = jsonBytes(toJson(item));
    if (overhead + size > limits.maxBytes) {
      throw new StatesRuntimeError(
        `Item ${index} is ${size} bytes, larger than the ItemBatcher's MaxInputBytesPerBatch (${limits.maxBytes}) on its own.`,
      );
    }
    let added = size + (current.length > 0 ? 1 : 0);
    if (
      current.length > 0 &&
      (current.length >= limits.maxItems || bytes + added > limits.maxBytes)
    ) {
      batches.push(wrap(current));
      current = [];
      bytes = overhead;
      added = size;
    }
    bytes += added;
    current.push(item);
  });
  if (current.length > 0) batches.push(wrap(current));
  return batches;
}
