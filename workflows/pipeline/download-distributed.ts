/**
 * Step 2, DISTRIBUTED mode, for universes too large for an inline Map: an ItemReader streams the
 * ticker CSV from S3 (the universe file, or the input's tickers written to the run's manifest
 * prefix), an ItemBatcher hands `batchSize` tickers to each child execution (one Lambda
 * invocation, DownloadBatchEvent), and a ResultWriter exports the children's outputs to
 * `manifests/<execution>/`. The counts are then read back from those files, because a Map with a
 * ResultWriter outputs only where they are.
 */

import { Resource, StatesError } from '../../asl/constants.ts';
import type { MapState, Template } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { expr } from '../../builders/jsonata.ts';
import { map } from '../../builders/map.ts';
import { pass } from '../../builders/pass.ts';
import { fragment } from '../../builders/state-machine.ts';
import { lambdaInvoke } from '../../builders/task.ts';
import { maxTickers } from './bounds.ts';
import type { Sections } from './config.ts';
import { manifestKeyPrefix } from './paths.ts';
import { ph } from './placeholders.ts';
import { downloadRetry } from './retries.ts';

/** Child executions (batches) whose failure is tolerated, as a percentage of items. */
export const toleratedFailurePercentage = (c: Sections<'download'>): number =>
  Math.round((1 - c.download.minSuccessRatio) * 10_000) / 100;

export type DistributedDownloadOptions = {
  /** More BatchInput fields (templates evaluated in the parent, like the others). */
  batchInput?: Record<string, Template>;
};

export const distributedDownload = (
  c: Sections<'universe' | 'download'>,
  next: string,
  options: DistributedDownloadOptions = {},
): Named<MapState> => {
  const processor = fragment({
    startAt: 'DownloadBatch',
    states: [
      lambdaInvoke('DownloadBatch', {
        FunctionName: ph('DownloadFunctionArn'),
        // A child execution sees only its input ({ Items, BatchInput }), never the parent's variables.
        Payload: expr('$states.input'),
        TimeoutSeconds: c.download.taskTimeoutSeconds,
        Retry: downloadRetry(c.download.throttlingRetry),
        Catch: [
          {
            ErrorEquals: [StatesError.ALL],
            Output: expr(`{ 'ok': 0, 'empty': 0, 'failed': $count($states.input.Items) }`),
            Next: 'RecordBatchFailure',
          },
        ],
        // Counts only: the result files are read back into one state, so each child stays tiny.
        Output: expr(`{
          'ok': $states.result.Payload.ok,
          'empty': $states.result.Payload.empty,
          'failed': $states.result.Payload.failed
        }`),
        End: true,
      }),
      pass('RecordBatchFailure', {
        Comment: 'Every ticker of the batch counts as failed; the run goes on',
        End: true,
      }),
    ],
  });
  return map('DownloadTickers', {
    Comment: 'Batches of tickers from the CSV in S3, one child execution per batch',
    ItemReader: {
      Resource: Resource.S3GetObject,
      ReaderConfig: {
        InputType: 'CSV',
        CSVHeaderLocation: 'FIRST_ROW',
        MaxItems: maxTickers(c),
      },
      Arguments: { Bucket: ph('DataBucket'), Key: expr('$tickerFile') },
    },
    ItemSelector: expr(`{ 'ticker': $states.context.Map.Item.Value.ticker }`),
    ItemBatcher: {
      MaxItemsPerBatch: c.download.distributed.batchSize,
      // An object of expressions (not one expression): asl-validator's schema accepts only that.
      BatchInput: {
        interval: expr('$run.interval'),
        provider: expr('$run.provider'),
        from: expr('$run.from'),
        to: expr('$run.to'),
        executionName: expr('$states.context.Execution.Name'),
        replaceWithFewerRows: expr('$run.replaceWithFewerRows = true'),
        ...options.batchInput,
      },
    },
    MaxConcurrency: c.download.maxConcurrency,
    ToleratedFailurePercentage: toleratedFailurePercentage(c),
    Label: 'DownloadTickers',
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: c.download.distributed.executionType },
      ...processor,
    },
    ResultWriter: {
      Resource: Resource.S3PutObject,
      Arguments: { Bucket: ph('DataBucket'), Prefix: expr(manifestKeyPrefix) },
      // COMPACT: outputs only (no per-child metadata), so the result files stay small to read back.
      WriterConfig: { OutputType: 'JSON', Transformation: 'COMPACT' },
    },
    Output: expr('$states.result.ResultWriterDetails'),
    Next: next,
  });
};
