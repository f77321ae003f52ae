/**
 * With `manifest` in the input, the window comes from a collect-bars run manifest
 * (contracts/manifest.ts, version 1 or 2: the fields read here are the same in both):
 * ReadRunManifest gets it, checks it and rebuilds `run` from it (its
 * window, sessions, interval and, for an inline run, tickers; the input's own tickers win), and
 * CheckManifest goes on or fails the run with InvalidInputError, before anything costs money.
 *
 *   ChooseDataSource -(manifest)-> ReadRunManifest -> CheckManifest -(bad)-> RejectManifest
 *                    -(window)------------------------------------------> next
 */

import { Resource } from '../../asl/constants.ts';
import type { ChoiceState, FailState, TaskState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { choice } from '../../builders/choice.ts';
import { fail } from '../../builders/fail.ts';
import { expr, literal } from '../../builders/jsonata.ts';
import { idempotentRetry } from '../../builders/policies.ts';
import { task } from '../../builders/task.ts';
import { maxWeekdaysIn } from '../../contracts/calendar/dates.ts';
import { Intervals } from '../../contracts/download.ts';
import { COLLECT_BARS_MANIFEST_VERSIONS_READ } from '../../contracts/manifest.ts';
import { INVALID_INPUT_ERROR } from '../pipeline/input.ts';
import { ph } from '../pipeline/placeholders.ts';
import { showFunction } from '../pipeline/show.ts';
import { minSessionsByInterval, sessionsRule } from '../pipeline/training-needs.ts';
import type { TrainModelConfig } from './config.ts';

/** The aws-sdk integration's name for GetObject of a missing key. */
export const NO_SUCH_KEY = 'S3.NoSuchKeyException';

const rules = Object.fromEntries(Intervals.map((i) => [i, sessionsRule(i)]));

/** `{ run, problems }` from the manifest in `$states.result.Body` and the input's `$run`. */
export const manifestRunExpression = (c: TrainModelConfig) => {
  const most = maxWeekdaysIn(c.defaults.maxWindowDays);
  return `(
    $m := $parse($states.result.Body);
    $ok := $type($m) = 'object';
    $where := 'manifest ' & $run.manifest;
    ${showFunction('nothing')}
    $sessions := $ok and $type($m.sessions) = 'array' ? $m.sessions : [];
    $datesOk := $count($sessions) > 0
      and $count($sessions[$not($type($) = 'string' and $contains($, /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/))]) = 0;
    $known := $ok and $m.interval in ${literal([...Intervals])};
    $need := $known ? $lookup(${literal(minSessionsByInterval())}, $m.interval) : 1;
    $problems := [
      $ok ? [] : [$where & ' is not a JSON object'],
      $ok and $not($m.version in ${literal([...COLLECT_BARS_MANIFEST_VERSIONS_READ])})
        ? [$where & ': version must be ${COLLECT_BARS_MANIFEST_VERSIONS_READ.join(' or ')}, got ' & $show($m.version)] : [],
      $ok and $m.workflow != 'collect-bars'
        ? [$where & ": workflow must be 'collect-bars', got " & $show($m.workflow)] : [],
      $ok and $not($known)
        ? [$where & ': interval must be one of ${Intervals.join(', ')}, got ' & $show($m.interval)] : [],
      $ok and $not($datesOk) ? [$where & ': sessions must list YYYY-MM-DD dates'] : [],
      $ok and $count($sessions) > ${most}
        ? [$where & ' lists ' & $count($sessions) & ' sessions, more than the ${most} a window of defaults.maxWindowDays (${c.defaults.maxWindowDays} days) holds'] : [],
      $known and $datesOk and $count($sessions) < $need
        ? [$where & ' holds ' & $count($sessions) & ' weekday session' & ($count($sessions) = 1 ? '' : 's')
          & ', fewer than the ' & $need & ' interval ' & $m.interval & ' needs: '
          & $lookup(${literal(rules)}, $m.interval)] : []
    ];
    {
      'run': {
        'tickers': $exists($run.tickers) ? $run.tickers
          : $type($m.tickers.listed) = 'array' ? $m.tickers.listed,
        'from': $m.window.from,
        'to': $m.window.to,
        'dates': $sessions,
        'interval': $m.interval,
        'maxDepth': $run.maxDepth,
        'testFraction': $run.testFraction,
        'manifest': $run.manifest,
        'tickerFile': $type($m.tickers.file) = 'string' ? $m.tickers.file
      },
      'problems': $reduce($problems, function($all, $p) { $append($all, $p) }, [])
    }
  )`;
};

export type ManifestStates = {
  choose: Named<ChoiceState>;
  read: Named<TaskState>;
  check: Named<ChoiceState>;
  reject: Named<FailState>;
};

export const manifestStates = (c: TrainModelConfig, next: string): ManifestStates => ({
  choose: choice('ChooseDataSource', {
    Comment: 'A run manifest names the window; otherwise the input (or its default) does',
    Choices: [{ Condition: expr('$exists($run.manifest)'), Next: 'ReadRunManifest' }],
    Default: next,
  }),
  read: task('ReadRunManifest', {
    Comment: 'The collect-bars run manifest: window, sessions, interval and tickers',
    Resource: Resource.AwsSdkS3GetObject,
    Arguments: { Bucket: ph('DataBucket'), Key: expr('$run.manifest') },
    TimeoutSeconds: c.timeouts.s3TaskSeconds,
    // A missing manifest is the input's fault: no retry, and RejectManifest says so.
    Retry: [{ ErrorEquals: [NO_SUCH_KEY], MaxAttempts: 0 }, idempotentRetry()],
    Catch: [
      {
        ErrorEquals: [NO_SUCH_KEY],
        Output: expr(
          `{ 'problems': ['manifest ' & $run.manifest & ' does not exist in the data bucket'] }`,
        ),
        Next: 'RejectManifest',
      },
    ],
    Output: expr(manifestRunExpression(c)),
    Next: 'CheckManifest',
  }),
  check: choice('CheckManifest', {
    Choices: [
      {
        Condition: expr('$count($states.input.problems) = 0'),
        Assign: { run: expr('$states.input.run') },
        Next: next,
      },
    ],
    Default: 'RejectManifest',
  }),
  reject: fail('RejectManifest', {
    Comment: 'A missing or unusable manifest fails here, before any cluster exists',
    Error: INVALID_INPUT_ERROR,
    Cause: expr(`$join($states.input.problems, '; ')`),
  }),
});
