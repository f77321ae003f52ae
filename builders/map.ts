/**
 * Map state builder, INLINE and DISTRIBUTED.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
 *
 * Misuse throws here: a value Step Functions would reject at deploy time, or one it would accept
 * but not honour (an inline MaxConcurrency above 40 still runs 40 at once).
 */

import { Limits } from '../asl/constants.ts';
import { describeState } from '../asl/describe.ts';
import { isExpression } from '../asl/expression.ts';
import { graphProblems } from '../asl/graph.ts';
import type { MapState } from '../asl/types.ts';
import {
  assertCatch,
  assertFieldsCompile,
  assertIntOrExpr,
  assertName,
  assertRetry,
  assertTransition,
  canonical,
  type DistributiveOmit,
  type Named,
} from './assert.ts';

export type MapProps = DistributiveOmit<MapState, 'Type'>;

/** Distributed Map runs at most 10,000 child executions at once. */
const DISTRIBUTED_MAX_CONCURRENCY = 10_000;
/** ItemReader can read at most 100,000,000 items. */
const MAX_READER_ITEMS = 100_000_000;
const LABEL = /^[^\s?*<>{}[\]:;,\\|^~$#%&`"]{1,40}$/;

const assertDistributedOnly = (where: string, props: MapProps, distributed: boolean) => {
  if (distributed) return;
  const fields = [
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'ToleratedFailurePercentage',
    'ToleratedFailureCount',
    'Label',
  ] as const;
  for (const field of fields) {
    if (props[field] !== undefined) {
      throw new Error(
        `${where}: ${field} requires ProcessorConfig.Mode DISTRIBUTED (mode is INLINE)`,
      );
    }
  }
};

const assertPercentage = (where: string, value: unknown) => {
  if (value === undefined || isExpression(value)) return;
  if (typeof value !== 'number' || value < 0 || value > 100) {
    throw new Error(
      `${where}: ToleratedFailurePercentage must be a number between 0 and 100, got ${JSON.stringify(value)}`,
    );
  }
};

const assertReaderWriterBatcher = (where: string, props: MapProps) => {
  if (props.ItemReader !== undefined) {
    if (props.Items !== undefined) {
      throw new Error(`${where}: Items and ItemReader are exclusive (ItemReader reads from S3)`);
    }
    if (typeof props.ItemReader.Resource !== 'string' || props.ItemReader.Resource === '') {
      throw new Error(
        `${where}: ItemReader.Resource must be an ARN, got ${JSON.stringify(props.ItemReader.Resource)}`,
      );
    }
    assertIntOrExpr(
      where,
      'ItemReader.ReaderConfig.MaxItems',
      props.ItemReader.ReaderConfig?.MaxItems,
      1,
      MAX_READER_ITEMS,
    );
  }
  const b = props.ItemBatcher;
  if (b !== undefined) {
    if (b.MaxItemsPerBatch === undefined && b.MaxInputBytesPerBatch === undefined) {
      throw new Error(`${where}: ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch`);
    }
    assertIntOrExpr(where, 'ItemBatcher.MaxItemsPerBatch', b.MaxItemsPerBatch, 1);
    assertIntOrExpr(
      where,
      'ItemBatcher.MaxInputBytesPerBatch',
      b.MaxInputBytesPerBatch,
      1,
      Limits.maxPayloadBytes,
    );
  }
  const w = props.ResultWriter;
  if (w !== undefined) {
    const exports = w.Resource !== undefined || w.Arguments !== undefined;
    if (!exports && w.WriterConfig === undefined) {
      throw new Error(
        `${where}: ResultWriter needs Resource and Arguments, WriterConfig, or all three`,
      );
    }
    if (exports && (typeof w.Resource !== 'string' || w.Arguments === undefined)) {
      throw new Error(`${where}: ResultWriter needs both Resource and Arguments to export to S3`);
    }
  }
};

export const map = (name: string, props: MapProps): Named<MapState> => {
  assertName('Map', name);
  const where = describeState('Map', name);
  assertTransition(where, props);
  const processor = props.ItemProcessor;
  if (processor === undefined || typeof processor.StartAt !== 'string') {
    throw new Error(`${where}: ItemProcessor with StartAt and States is required`);
  }
  const mode = processor.ProcessorConfig?.Mode ?? 'INLINE';
  if (mode !== 'INLINE' && mode !== 'DISTRIBUTED') {
    throw new Error(
      `${where}: ProcessorConfig.Mode must be INLINE or DISTRIBUTED, got ${JSON.stringify(mode)}`,
    );
  }
  const distributed = mode === 'DISTRIBUTED';
  const maxConcurrency = distributed ? DISTRIBUTED_MAX_CONCURRENCY : Limits.inlineMapMaxConcurrency;
  assertIntOrExpr(where, 'MaxConcurrency', props.MaxConcurrency, 0);
  if (typeof props.MaxConcurrency === 'number' && props.MaxConcurrency > maxConcurrency) {
    throw new Error(
      `${where}: MaxConcurrency must be <= ${maxConcurrency} in ${mode} mode, got ${props.MaxConcurrency}` +
        (distributed
          ? ''
          : ' (an inline Map never runs more than 40 iterations at once; use DISTRIBUTED)'),
    );
  }
  assertDistributedOnly(where, props, distributed);
  assertPercentage(where, props.ToleratedFailurePercentage);
  assertIntOrExpr(where, 'ToleratedFailureCount', props.ToleratedFailureCount, 0);
  if (props.Label !== undefined && !LABEL.test(props.Label)) {
    throw new Error(
      `${where}: Label must be 1-40 characters without spaces or special characters, got ${JSON.stringify(props.Label)}`,
    );
  }
  assertReaderWriterBatcher(where, props);
  const problems = graphProblems(processor, `${where} ItemProcessor`);
  if (problems.length > 0)
    throw new Error(`${where}: invalid ItemProcessor:\n- ${problems.join('\n- ')}`);
  assertRetry(where, props.Retry);
  assertCatch(where, props.Catch);
  assertFieldsCompile(where, props, [
    'Items',
    'ItemSelector',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'MaxConcurrency',
    'ToleratedFailurePercentage',
    'ToleratedFailureCount',
    'Output',
    'Assign',
  ]);
  return { name, state: canonical({ Type: 'Map', ...props }) as MapState };
};
