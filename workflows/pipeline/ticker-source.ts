/**
 * DISTRIBUTED mode reads tickers with an ItemReader, which needs a file: the universe file as it
 * is, or (when the input lists tickers) that list, validated by prepare-input and written to the
 * run's manifest prefix. Only the input path calls prepare-input; a large universe never passes
 * through a state payload.
 */

import { Resource } from '../../asl/constants.ts';
import type { ChoiceState, TaskState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { choice } from '../../builders/choice.ts';
import { expr } from '../../builders/jsonata.ts';
import { idempotentRetry } from '../../builders/policies.ts';
import { task } from '../../builders/task.ts';
import type { Sections, TimeoutsOf } from './config.ts';
import { tickerListKey } from './paths.ts';
import { ph } from './placeholders.ts';

export const chooseTickerSource = (
  c: Sections<'universe'>,
  ifListed: string,
  otherwise: string,
): Named<ChoiceState> =>
  choice('ChooseTickerSource', {
    Comment: 'Input tickers go through prepare-input; otherwise the Map reads the universe file',
    Choices: [{ Condition: expr('$exists($run.tickers)'), Next: ifListed }],
    Default: otherwise,
    Assign: { tickerFile: c.universe.key },
  });

export const writeTickerList = (c: TimeoutsOf<'s3TaskSeconds'>, next: string): Named<TaskState> =>
  task('WriteTickerList', {
    Comment: 'The prepared tickers as a one-column CSV for the ItemReader',
    Resource: Resource.AwsSdkS3PutObject,
    Arguments: {
      Bucket: ph('DataBucket'),
      Key: expr(tickerListKey),
      Body: expr(`'ticker\\n' & $join($tickers, '\\n') & '\\n'`),
      ContentType: 'text/csv',
    },
    TimeoutSeconds: c.timeouts.s3TaskSeconds,
    // Writing the same key twice is harmless, so any failure may be retried.
    Retry: [idempotentRetry()],
    Assign: { tickerFile: expr(tickerListKey) },
    Output: expr(`{ 'tickerFile': ${tickerListKey} }`),
    Next: next,
  });
