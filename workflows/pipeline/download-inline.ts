/**
 * Step 2, INLINE mode: one Lambda invocation per ticker, at most `maxConcurrency` (<= 40) at once.
 * Each iteration retries transient errors and catches the rest, so one bad ticker never fails the
 * run; each iteration outputs only `{ ticker, status, rows, error? }` so the Map result stays far
 * below 256 KiB (the static checks measure it).
 */

import { StatesError } from '../../asl/constants.ts';
import type { JsonataString, MapState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { expr } from '../../builders/jsonata.ts';
import { map } from '../../builders/map.ts';
import { pass } from '../../builders/pass.ts';
import { fragment } from '../../builders/state-machine.ts';
import { lambdaInvoke } from '../../builders/task.ts';
import { ERROR_MAX_CHARS, FAILED_TICKERS_LISTED } from './bounds.ts';
import type { Sections } from './config.ts';
import { ph } from './placeholders.ts';
import { downloadRetry } from './retries.ts';

/** The event of one download (a DownloadEvent with from/to), evaluated per item. */
export const downloadEventFields = `'interval': $run.interval,
  'provider': $run.provider,
  'from': $run.from,
  'to': $run.to,
  'executionName': $states.context.Execution.Name,
  'replaceWithFewerRows': $run.replaceWithFewerRows`;

const counts = `{
  'ok': $count($states.result[status = 'ok']),
  'empty': $count($states.result[status = 'empty']),
  'failed': $count($states.result[status = 'failed']),
  'failedTickers': [$filter([$states.result[status = 'failed'].ticker], function($t, $i) { $i < ${FAILED_TICKERS_LISTED} })]
}`;

export type InlineDownloadOptions = {
  /**
   * More fields of each download event, as JSONata `'name': expression` pairs evaluated per item
   * (the ticker is `$states.context.Map.Item.Value`).
   */
  itemFields?: string;
  /**
   * More fields of each successful iteration's output, as JSONata `'name': expression` pairs
   * over the download result (`$states.result.Payload`) and the item (`$states.input`). A caught
   * failure outputs none of them.
   */
  resultFields?: string;
  /** More variables the Map assigns from its result (`$states.result`: every iteration's output). */
  assign?: Record<string, JsonataString>;
};

export const inlineDownload = (
  c: Sections<'download'>,
  next: string,
  options: InlineDownloadOptions = {},
): Named<MapState> => {
  const extra = options.resultFields === undefined ? '' : `,\n${options.resultFields}`;
  const itemExtra = options.itemFields === undefined ? '' : `,\n      ${options.itemFields}`;
  const processor = fragment({
    startAt: 'DownloadTicker',
    states: [
      lambdaInvoke('DownloadTicker', {
        FunctionName: ph('DownloadFunctionArn'),
        Payload: expr('$states.input'),
        TimeoutSeconds: c.download.taskTimeoutSeconds,
        Retry: downloadRetry(c.download.throttlingRetry),
        Catch: [
          {
            ErrorEquals: [StatesError.ALL],
            Output: expr(`{
              'ticker': $states.input.ticker,
              'status': 'failed',
              'rows': 0,
              'error': $substring($states.errorOutput.Error, 0, ${ERROR_MAX_CHARS})
            }`),
            Next: 'RecordDownloadFailure',
          },
        ],
        Output: expr(`{
          'ticker': $states.input.ticker,
          'status': $states.result.Payload.status,
          'rows': $states.result.Payload.rows,
          'error': $substring($states.result.Payload.error, 0, ${ERROR_MAX_CHARS})${extra}
        }`),
        End: true,
      }),
      pass('RecordDownloadFailure', {
        Comment: 'The ticker counts as failed; the run goes on',
        End: true,
      }),
    ],
  });
  return map('DownloadTickers', {
    Comment: 'One download per ticker; failures are caught per item and counted',
    Items: expr('$tickers'),
    ItemSelector: expr(`{
      'ticker': $states.context.Map.Item.Value,
      ${downloadEventFields}${itemExtra}
    }`),
    MaxConcurrency: c.download.maxConcurrency,
    ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...processor },
    Assign: { downloads: expr(counts), ...options.assign },
    Output: expr(counts),
    Next: next,
  });
};
