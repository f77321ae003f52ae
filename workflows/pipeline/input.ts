/**
 * Step 1a: validate the execution input and fill its defaults, in JSONata, before anything costly.
 *
 * `ValidateInput` outputs `{ run, problems }`: `run` is the normalised request (window, sessions,
 * interval, provider, training parameters); `problems` lists every rule the input breaks, each
 * naming the field. `CheckInput` moves `run` into a variable or fails with InvalidInputError.
 * The console and the schedule send `{}`: every field is optional, and `null` counts as absent.
 * The window must hold the sessions the training job needs at the interval (training-needs.ts);
 * the default window widens to that many, so `{ "interval": "1d" }` trains as it is.
 *
 * The other workflows validate their input the same way: an InputSpec says which fields they
 * take (collect-bars has no training fields, train-model no provider) and adds their own rules.
 */

import type { ChoiceState, FailState, PassState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { choice } from '../../builders/choice.ts';
import { fail } from '../../builders/fail.ts';
import { expr, literal } from '../../builders/jsonata.ts';
import { pass } from '../../builders/pass.ts';
import { DAY_MS, ISO_DATE_PICTURE } from '../../contracts/calendar/dates.ts';
import { Intervals, type ProviderName, Providers } from '../../contracts/download.ts';
import { TaskError } from '../../contracts/errors.ts';
import { TICKER_MAX_LENGTH, TICKER_RULE } from '../../contracts/ticker.ts';
import { maxInputTickers, TICKER_PATTERN_ANY_CASE } from './bounds.ts';
import {
  defaultPipelineConfig,
  type PipelineConfig,
  type Sections,
  type WindowDefaults,
} from './config.ts';
import { providerProblem } from './input-provider.ts';
import { sessionCloseVariables, sessionOpenProblem } from './input-session-close.ts';
import {
  lookbackExpression,
  needExpression,
  sessionsProblem,
  tickerRowsProblem,
} from './input-training.ts';
import { showFunction } from './show.ts';

/** What an input may carry besides the window and the tickers, and how it is checked. */
export type InputSpec = {
  /** Fields the input may carry (the unknown-field message lists them); `Comment` is added. */
  fields: readonly string[];
  /** The default `provider`; absent for a workflow without one (then `provider` is unknown). */
  provider?: ProviderName;
  /**
   * The training job's defaults: with them the input takes `maxDepth` and `testFraction`, the
   * default window widens to the sessions the interval needs, and the window and the ticker list
   * are checked against what the job needs (input-training.ts).
   */
  training?: {
    maxDepth: number;
    testFraction: number;
    /** JSONata condition under which the window is not checked (it is not known yet). */
    windowUnknownIf?: string;
  };
  /** More problems, JSONata expressions each giving `[problem]` or `[]` (see validateInputExpression). */
  problems?: readonly string[];
  /** More fields of `run`, as JSONata `'name': expression` pairs. */
  runFields?: string;
};

/**
 * The fields an input may carry: the spec's (the unknown-field message lists them), `Comment`
 * (the console pre-fills it) and `AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID`, which a parent
 * passes to link a nested execution to itself in the console
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html). The last
 * two are ignored.
 */
export const inputFields = (spec: InputSpec) =>
  [...spec.fields, 'Comment', 'comment', STARTED_BY_EXECUTION_ID] as const;

/**
 * The input flag that lets a download replace stored bars with fewer rows (a deliberate
 * correction); without it the download Lambda keeps the fuller stored object and reports it.
 */
export const REPLACE_WITH_FEWER_ROWS = 'replaceWithFewerRows';

/** The input key a parent execution sets on a nested one. */
export const STARTED_BY_EXECUTION_ID = 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID';

/** The pipeline's input: window, tickers, provider and the training job's parameters. */
export const pipelineInputSpec = (
  c: Sections<'defaults'> & {
    training: Pick<PipelineConfig['training'], 'maxDepth' | 'testFraction'>;
  },
): InputSpec => ({
  fields: [
    'tickers',
    'date',
    'from',
    'to',
    'interval',
    'provider',
    'maxDepth',
    'testFraction',
    REPLACE_WITH_FEWER_ROWS,
  ],
  provider: c.defaults.provider,
  training: { maxDepth: c.training.maxDepth, testFraction: c.training.testFraction },
});

/** Fields the pipeline's input may carry. `Comment` is what the console pre-fills; it is ignored. */
export const INPUT_FIELDS = inputFields(pipelineInputSpec(defaultPipelineConfig));

/** The same name the Lambdas use for bad input, so one Catch or alarm covers both. */
export const INVALID_INPUT_ERROR = TaskError.InvalidInput;

/** The config ValidateInput reads: the universe bound on `tickers` and the default window. */
export type InputConfig = Sections<'universe'> & { defaults: WindowDefaults };

/**
 * ValidateInput's JSONata. Fragments of `spec` read its variables: `$in` (the input), `$given(k)`,
 * `$show(v)`, `$isDate(v)`, `$from`, `$to`, `$dates`, `$interval`, `$knownInterval`, `$today`.
 */
export const validateInputExpression = (c: InputConfig, spec: InputSpec) => {
  const maxTickers = maxInputTickers(c);
  const fields = inputFields(spec);
  const training = spec.training;
  const unless = (fragment: string) =>
    training?.windowUnknownIf === undefined
      ? fragment
      : `${training.windowUnknownIf} ? [] : (${fragment})`;
  const variables = [
    spec.provider === undefined
      ? []
      : [`$provider := $given('provider') ? $in.provider : ${literal(spec.provider)};`],
    training === undefined
      ? [`$lookback := ${c.defaults.lookbackDays};`]
      : [`$need := ${needExpression()};`, `$lookback := ${lookbackExpression(c)};`],
  ].flat();
  const trainingVariables =
    training === undefined
      ? []
      : [
          `$tickerCount := $given('tickers') and $type($tickers) = 'array' and $count($tickers[$type($) != 'string']) = 0
      ? $count($distinct($map($tickers, $uppercase))) : 0;`,
          `$testFraction := $given('testFraction') and $type($in.testFraction) = 'number'
      and $in.testFraction > 0 and $in.testFraction < 1 ? $in.testFraction : ${training.testFraction};`,
        ];
  const problems = [
    `$obj ? [] : ['input must be a JSON object, got ' & $show($in)]`,
    `$obj ? [$keys($in)[$not($ in ${literal([...fields])})].(
        "unknown field " & $show($) & " (allowed: ${spec.fields.join(', ')})")] : []`,
    `$states.context.Execution.Name in ['.', '..']
        ? ['the execution name ' & $show($states.context.Execution.Name) & ' cannot name an S3 prefix (the run writes under <prefix>/<execution name>/): start it with another name'] : []`,
    `$given('tickers') and $type($tickers) != 'array'
        ? ['tickers must be an array of ticker symbols, got ' & $show($tickers)] : []`,
    `$given('tickers') and $type($tickers) = 'array'
        and ($count($tickers) < 1 or $count($tickers) > ${maxTickers})
        ? ['tickers must list 1 to ${maxTickers} symbols, got ' & $count($tickers)] : []`,
    `$given('tickers') and $type($tickers) = 'array'
        ? [$map($tickers, function($t, $i) {
            $type($t) = 'string' and $length($t) <= ${TICKER_MAX_LENGTH} and $contains($t, /${TICKER_PATTERN_ANY_CASE}/)
              and $not($contains($t, '..')) ? null
            : 'tickers[' & $i & '] must be ' & ${literal(TICKER_RULE)} & ', got ' & $show($t)
          })[$ != null]] : []`,
    `$given('date') and ($given('from') or $given('to'))
        ? ['date cannot be combined with from/to: give one date, or a from/to window'] : []`,
    `$given('from') != $given('to') and $not($given('date'))
        ? ['from and to must be given together'] : []`,
    `$given('date') and $not($isDate($in.date))
        ? ['date must be a YYYY-MM-DD calendar date, got ' & $show($in.date)] : []`,
    `$given('from') and $not($isDate($in.from))
        ? ['from must be a YYYY-MM-DD calendar date, got ' & $show($in.from)] : []`,
    `$given('to') and $not($isDate($in.to))
        ? ['to must be a YYYY-MM-DD calendar date, got ' & $show($in.to)] : []`,
    `$isDate($from) and $isDate($to) and $ms($from) > $ms($to)
        ? ['from (' & $from & ') must not be after to (' & $to & ')'] : []`,
    `$windowOk and $span > ${c.defaults.maxWindowDays}
        ? ['the window ' & $from & '..' & $to & ' spans ' & $span & ' days, more than the ${c.defaults.maxWindowDays} allowed'] : []`,
    `$isDate($to) and $ms($to) > $today
        ? [($given('date') ? 'date' : 'to') & ' (' & $to & ') must not be after the execution start date (' & $fmt($today) & ')'] : []`,
    sessionOpenProblem(),
    `$windowOk and $span <= ${c.defaults.maxWindowDays} and $count($dates) = 0
        ? ['the window ' & $from & '..' & $to & ' contains no weekday session'] : []`,
    ...(training === undefined ? [] : [unless(sessionsProblem(c)), unless(tickerRowsProblem(c))]),
    ...(spec.provider === undefined ? [] : [providerProblem()]),
    `$given('interval') and $not($knownInterval)
        ? ['interval must be one of ${Intervals.join(', ')}, got ' & $show($in.interval)] : []`,
    ...(spec.provider === undefined
      ? []
      : [
          `$given('provider') and $not($in.provider in ${literal([...Providers])})
        ? ['provider must be one of ${Providers.join(', ')}, got ' & $show($in.provider)] : []`,
        ]),
    ...(training === undefined
      ? []
      : [
          `$given('maxDepth') and $not($type($in.maxDepth) = 'number'
        and $in.maxDepth = $floor($in.maxDepth) and $in.maxDepth >= 1 and $in.maxDepth <= 30)
        ? ['maxDepth must be an integer from 1 to 30, got ' & $show($in.maxDepth)] : []`,
          `$given('testFraction') and $not($type($in.testFraction) = 'number'
        and $in.testFraction > 0 and $in.testFraction < 1)
        ? ['testFraction must be a number between 0 and 1 (exclusive), got ' & $show($in.testFraction)] : []`,
        ]),
    ...(spec.fields.includes(REPLACE_WITH_FEWER_ROWS)
      ? [
          `$given('${REPLACE_WITH_FEWER_ROWS}') and $type($in.${REPLACE_WITH_FEWER_ROWS}) != 'boolean'
        ? ['${REPLACE_WITH_FEWER_ROWS} must be true or false, got ' & $show($in.${REPLACE_WITH_FEWER_ROWS})] : []`,
        ]
      : []),
    ...(spec.problems ?? []),
  ];
  const run = [
    `'tickers': $given('tickers') ? $tickers`,
    `'from': $from`,
    `'to': $to`,
    `'dates': $dates`,
    `'interval': $interval`,
    ...(spec.provider === undefined ? [] : [`'provider': $provider`]),
    ...(training === undefined
      ? []
      : [
          `'maxDepth': $given('maxDepth') ? $in.maxDepth : ${training.maxDepth}`,
          `'testFraction': $given('testFraction') ? $in.testFraction : ${training.testFraction}`,
        ]),
    ...(spec.fields.includes(REPLACE_WITH_FEWER_ROWS)
      ? [`'${REPLACE_WITH_FEWER_ROWS}': $in.${REPLACE_WITH_FEWER_ROWS} = true ? true`]
      : []),
    ...(spec.runFields === undefined ? [] : [spec.runFields]),
  ];
  return expr(`(
    $in := $states.input;
    $obj := $type($in) = 'object';
    $day := ${DAY_MS};
    $fmt := function($ms) { $fromMillis($ms, '${ISO_DATE_PICTURE}') };
    $ms := function($d) { $toMillis($d, '${ISO_DATE_PICTURE}') };
    $isDate := function($v) {
      $type($v) = 'string' and $contains($v, /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/) and $fmt($ms($v)) = $v
    };
    $isWeekday := function($t) { $number($fromMillis($t, '[F1]')) < 6 };
    $given := function($k) { $obj and $exists($lookup($in, $k)) and $lookup($in, $k) != null };
    ${showFunction()}
    $start := $toMillis($states.context.Execution.StartTime);
    $today := $start - ($start % $day);
    $interval := $given('interval') ? $in.interval : ${literal(c.defaults.interval)};
    $knownInterval := $interval in ${literal([...Intervals])};
    ${variables.join('\n')}
    $recent := $filter([${c.defaults.includeStartDate === true ? 0 : 1}..($lookback * 2 + 7)].($today - $ * $day), $isWeekday);
    $from := $given('date') ? $in.date : $given('from') ? $in.from : $fmt($recent[$lookback - 1]);
    $to := $given('date') ? $in.date : $given('to') ? $in.to : $fmt($recent[0]);
    $windowOk := $isDate($from) and $isDate($to) and $ms($from) <= $ms($to);
    $span := $windowOk ? ($ms($to) - $ms($from)) / $day + 1 : 0;
    $dates := $windowOk and $span <= ${c.defaults.maxWindowDays}
      ? [[0..($span - 1)].($ms($from) + $ * $day)[$isWeekday($)].$fmt($)]
      : [];
    $tickers := $in.tickers;
    ${sessionCloseVariables(c.universe.exchange)}
    ${trainingVariables.join('\n')}
    $problems := [
      ${problems.join(',\n')}
    ];
    {
      'run': {
        ${run.join(',\n')}
      },
      'problems': $reduce($problems, function($all, $p) { $append($all, $p) }, [])
    }
  )`);
};

export type InputStates = {
  validate: Named<PassState>;
  check: Named<ChoiceState>;
  reject: Named<FailState>;
};

/** ValidateInput -> CheckInput -> (next | RejectInput). */
export const inputStates = (c: InputConfig, spec: InputSpec, next: string): InputStates => ({
  validate: pass('ValidateInput', {
    Comment:
      'Fill defaults (window from lookbackDays and the start time) and list every input problem',
    Output: validateInputExpression(c, spec),
    Next: 'CheckInput',
  }),
  check: choice('CheckInput', {
    Choices: [
      {
        Condition: expr('$count($states.input.problems) = 0'),
        Assign: { run: expr('$states.input.run') },
        Next: next,
      },
    ],
    Default: 'RejectInput',
  }),
  reject: fail('RejectInput', {
    Comment: 'Bad input fails here, before any Lambda or cluster runs',
    Error: INVALID_INPUT_ERROR,
    Cause: expr(`$join($states.input.problems, '; ')`),
  }),
});
