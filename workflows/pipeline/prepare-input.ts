/**
 * Step 1b: resolve the ticker list with the prepare-input Lambda (contracts/prepare-input.ts):
 * the input's tickers, normalised and de-duplicated, else the universe file in the data bucket.
 */

import type { TaskState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { expr, literal } from '../../builders/jsonata.ts';
import { lambdaInvoke } from '../../builders/task.ts';
import { maxInputTickers } from './bounds.ts';
import type { Sections, TimeoutsOf } from './config.ts';
import { ph } from './placeholders.ts';
import { prepareInputRetry } from './retries.ts';

export type PrepareInputOptions = {
  /**
   * JSONata for the universe key the Lambda reads when the run lists no tickers.
   * @default the config's `universe.key`, as a literal
   */
  universeKey?: string;
};

export const prepareInput = (
  c: Sections<'universe'> & TimeoutsOf<'prepareInputSeconds'>,
  next: string,
  options: PrepareInputOptions = {},
): Named<TaskState> =>
  lambdaInvoke('PrepareInput', {
    Comment:
      'Tickers from the input, else from the universe file (normalised, de-duplicated, capped)',
    FunctionName: ph('PrepareInputFunctionArn'),
    // `tickers` is left out when the input has none: the Lambda then reads the universe.
    Payload: expr(`{
      'tickers': $run.tickers,
      'bucket': '${ph('DataBucket')}',
      'universeKey': ${options.universeKey ?? literal(c.universe.key)},
      'maxTickers': ${maxInputTickers(c)},
      'executionName': $states.context.Execution.Name
    }`),
    TimeoutSeconds: c.timeouts.prepareInputSeconds,
    Retry: prepareInputRetry(),
    Assign: { tickers: expr('$states.result.Payload.tickers') },
    Output: expr(`{
      'count': $states.result.Payload.count,
      'source': $states.result.Payload.source,
      'duplicatesRemoved': $states.result.Payload.duplicatesRemoved
    }`),
    Next: next,
  });
