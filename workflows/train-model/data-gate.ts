/**
 * The data gate: before a cluster exists, check that the window holds data. One ListObjectsV2 per
 * session (`raw/interval=<i>/date=<d>/`, Delimiter `/`: one common prefix per stored ticker)
 * counts the run's tickers with an object; CheckTrainingData goes on only if enough sessions
 * hold data for the training job at the interval, and every session that holds any has at least
 * `data.minTickerRatio` of the tickers. A session where none has data (an exchange holiday, a
 * day nothing was collected) is left to the training job, which skips a missing prefix and lists
 * it in metrics.json. Otherwise the run fails with NoTrainingDataError, as the pipeline fails
 * with InsufficientDataError when too few downloads succeed.
 */
import { Resource } from '../../asl/constants.ts';
import type { ChoiceState, FailState, MapState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { choice } from '../../builders/choice.ts';
import { fail } from '../../builders/fail.ts';
import { expr, literal } from '../../builders/jsonata.ts';
import { map } from '../../builders/map.ts';
import { idempotentRetry } from '../../builders/policies.ts';
import { fragment } from '../../builders/state-machine.ts';
import { task } from '../../builders/task.ts';
import { ph } from '../pipeline/placeholders.ts';
import { minSessionsByInterval } from '../pipeline/training-needs.ts';
import { MAX_LISTED_PER_SESSION, type TrainModelConfig } from './config.ts';

export const NO_TRAINING_DATA_ERROR = 'NoTrainingDataError';

/** The aws-sdk integration of ListObjectsV2. */
export const S3_LIST_OBJECTS_V2 = `${Resource.AwsSdkPrefix}s3:listObjectsV2`;

/** `$need`: sessions with data the training job needs at the run's interval. */
const need = `$lookup(${literal(minSessionsByInterval())}, $run.interval)`;

export type DataGateStates = {
  list: Named<MapState>;
  check: Named<ChoiceState>;
  noData: Named<FailState>;
};

export const dataGateStates = (c: TrainModelConfig, next: string): DataGateStates => {
  const ratio = c.data.minTickerRatio;
  const percent = Math.round(ratio * 10_000) / 100;
  const processor = fragment({
    startAt: 'ListSession',
    states: [
      task('ListSession', {
        Comment: 'One common prefix per ticker stored for the session',
        Resource: S3_LIST_OBJECTS_V2,
        Arguments: {
          Bucket: ph('DataBucket'),
          Prefix: expr(`'raw/interval=' & $run.interval & '/date=' & $states.input & '/'`),
          Delimiter: '/',
          MaxKeys: MAX_LISTED_PER_SESSION,
        },
        TimeoutSeconds: c.timeouts.s3TaskSeconds,
        // Listing is idempotent: retry anything.
        Retry: [idempotentRetry()],
        // A set of the stored tickers, so counting the run's is one lookup each.
        Output: expr(`(
          $stored := $merge([$states.result.CommonPrefixes.{
            $substringBefore($substringAfter(Prefix, '/ticker='), '/'): true
          }]);
          {
            'date': $states.input,
            'tickers': $count($tickers[$lookup($stored, $) = true]),
            'truncated': $states.result.IsTruncated = true
          }
        )`),
        End: true,
      }),
    ],
  });
  return {
    list: map('ListSessions', {
      Comment: "Per session, how many of the run's tickers have an object",
      Items: expr('$run.dates'),
      MaxConcurrency: c.data.maxConcurrency,
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...processor },
      Assign: { coverage: expr('$states.result') },
      Next: 'CheckTrainingData',
    }),
    check: choice('CheckTrainingData', {
      Comment: `Enough sessions hold data, each with at least ${percent}% of the tickers`,
      Choices: [
        {
          // A ratio, not tickers >= ceil(n * r): 100 * 0.9 is 90.00000000000001 in floating point.
          Condition: expr(`$count($coverage[tickers > 0]) >= ${need}
            and $count($coverage[tickers > 0 and tickers / $count($tickers) < ${ratio}]) = 0`),
          Next: next,
        },
      ],
      Default: 'NoTrainingData',
    }),
    noData: fail('NoTrainingData', {
      Comment: 'Fails before any cluster exists',
      Error: NO_TRAINING_DATA_ERROR,
      Cause: expr(`(
        $n := $count($tickers);
        $with := $count($coverage[tickers > 0]);
        $short := $coverage[tickers > 0 and tickers / $n < ${ratio}];
        $none := $coverage[tickers = 0];
        $truncated := $coverage[truncated];
        'raw/interval=' & $run.interval & '/ ' & $run.from & '..' & $run.to & ': ' & $join($append($append($append(
          $with < ${need}
            ? [$with & ' of ' & $count($coverage) & ' sessions hold data for any of the ' & $n
              & ' tickers, fewer than the ' & ${need} & ' interval ' & $run.interval & ' needs'] : [],
          $count($short) > 0
            ? ['below ${percent}% of the ' & $n & ' tickers: ' & $join([$short.(date & ' (' & tickers & ')')], ', ')] : []),
          $count($none) > 0 ? ['no data: ' & $join([$none.date], ', ')] : []),
          $count($truncated) > 0
            ? ['more than ${MAX_LISTED_PER_SESSION} tickers stored, counted from the first ${MAX_LISTED_PER_SESSION}: ' & $join([$truncated.date], ', ')] : []),
          '; ')
      )`),
    }),
  };
};
