/**
 * The market-data pipeline, composed of the two workflows it is made of: it runs `collect-bars`,
 * checks that enough tickers downloaded, then runs `train-model` on the sessions that run's
 * manifest names, each as a nested execution (`states:startExecution.sync:2`) with its own
 * history, name (`<execution>-collect`, `<execution>-train`) and console link to this one. Typed
 * config in, one JSONata ASL definition out; pure.
 *
 *   ValidateInput -> CheckInput -(bad)-> RejectInput (InvalidInputError)
 *     -> CollectBars (collect-bars, the window ValidateInput resolved)
 *     -> CheckDownloads -(too few ok)-> InsufficientData (InsufficientDataError)
 *     -> TrainModel (train-model, with the collect-bars run manifest)
 *     -> Summary
 *   CollectBars / TrainModel -(the child failed)-> NestedExecutionFailed (the child's error)
 *
 * The cluster belongs to train-model, which tears it down on every path it sees; stopping this
 * execution stops the running child (docs/workflows.md, "Composition").
 * docs/workflow.md describes every step, the input and the output.
 */

import type { StateMachine } from '../asl/types.ts';
import { expr } from '../builders/jsonata.ts';
import { stateMachine } from '../builders/state-machine.ts';
import { succeed } from '../builders/succeed.ts';
import type { CheckContext } from '../checks/types.ts';
import { type CollectBarsConfig, defaultCollectBarsConfig } from './collect-bars/config.ts';
import {
  INTERVAL_FIELD,
  MAX_DEPTH_FIELD,
  PROVIDER_FIELD,
  REPLACE_WITH_FEWER_ROWS_FIELD,
  TEST_FRACTION_FIELD,
  TO_FIELD,
} from './input-fields.ts';
import { nestedFailure, startWorkflow } from './nested.ts';
import { maxInputTickers } from './pipeline/bounds.ts';
import { checkDownloads } from './pipeline/check-downloads.ts';
import { WORST_CONTEXT, WORST_TICKER } from './pipeline/check-model.ts';
import { defaultPipelineConfig, type PipelineConfig, type Sections } from './pipeline/config.ts';
import { inputStates, pipelineInputSpec, REPLACE_WITH_FEWER_ROWS } from './pipeline/input.ts';
import {
  fail,
  validateProviderDefault,
  validateTrainingDefaults,
  validateUniverse,
  validateWindowDefaults,
} from './pipeline/validate-config.ts';
import { defaultTrainModelConfig, type TrainModelConfig } from './train-model/config.ts';
import { defineWorkflow } from './workflow.ts';

export { INSUFFICIENT_DATA_ERROR } from './pipeline/check-downloads.ts';
export {
  type DownloadMode,
  defaultPipelineConfig,
  type PipelineConfig,
  SHIPPED_UNIVERSE_SIZE,
} from './pipeline/config.ts';
export { INPUT_FIELDS, INVALID_INPUT_ERROR } from './pipeline/input.ts';
export type { DownloadModeResolved } from './pipeline/limits.ts';
export { PIPELINE_PLACEHOLDERS, type PipelinePlaceholder } from './pipeline/placeholders.ts';

export const COLLECT_BARS = 'collect-bars';
export const TRAIN_MODEL = 'train-model';

/** The children, as this definition starts them. */
export const PIPELINE_CHILDREN = { collect: COLLECT_BARS, train: TRAIN_MODEL } as const;

/** The placeholders of the composed definition: the two state machines it starts. */
export const MARKET_DATA_PIPELINE_PLACEHOLDERS = [
  'CollectBarsStateMachineArn',
  'TrainModelStateMachineArn',
] as const;

/** Seconds a nested Task waits beyond its child's own TimeoutSeconds. */
export const CHILD_TIMEOUT_MARGIN_SECONDS = 300;

export type MarketDataPipelineConfig = Sections<'universe' | 'defaults'> & {
  download: Pick<PipelineConfig['download'], 'minSuccessRatio'>;
  training: Pick<PipelineConfig['training'], 'maxDepth' | 'testFraction'>;
  /**
   * The configs the children are deployed with (their registry defaults): a window or a ticker
   * list this workflow accepts must be one they accept, and each nested Task waits as long as its
   * child may run.
   */
  children: { collectBars: CollectBarsConfig; trainModel: TrainModelConfig };
};

const childSeconds = (c: { timeouts: { executionSeconds: number } }) =>
  c.timeouts.executionSeconds + CHILD_TIMEOUT_MARGIN_SECONDS;

export const defaultMarketDataPipelineConfig: MarketDataPipelineConfig = {
  universe: defaultPipelineConfig.universe,
  defaults: {
    ...defaultPipelineConfig.defaults,
    // What both children accept.
    maxWindowDays: Math.min(
      defaultPipelineConfig.defaults.maxWindowDays,
      defaultCollectBarsConfig.defaults.maxWindowDays,
      defaultTrainModelConfig.defaults.maxWindowDays,
    ),
  },
  download: { minSuccessRatio: defaultPipelineConfig.download.minSuccessRatio },
  training: {
    maxDepth: defaultPipelineConfig.training.maxDepth,
    testFraction: defaultPipelineConfig.training.testFraction,
  },
  children: { collectBars: defaultCollectBarsConfig, trainModel: defaultTrainModelConfig },
};

/**
 * Refuses a config at build time, naming the state, the field and the value: the checks of the
 * sections it shares with the children, and a window or ticker bound a child would refuse.
 */
export const validateMarketDataPipelineConfig = (c: MarketDataPipelineConfig): void => {
  validateUniverse(c);
  validateProviderDefault(c);
  validateWindowDefaults(c, { training: true });
  const ratio = c.download.minSuccessRatio;
  if (!(typeof ratio === 'number' && ratio > 0 && ratio <= 1)) {
    fail('Choice CheckDownloads', 'download.minSuccessRatio', 'must be a number in (0, 1]', ratio);
  }
  validateTrainingDefaults(c);
  const { collectBars, trainModel } = c.children;
  for (const [name, child] of [
    [COLLECT_BARS, collectBars],
    [TRAIN_MODEL, trainModel],
  ] as const) {
    if (c.defaults.maxWindowDays > child.defaults.maxWindowDays) {
      fail(
        'Pass ValidateInput',
        'defaults.maxWindowDays',
        `must be at most ${name}'s (${child.defaults.maxWindowDays} days), or it would refuse the window`,
        c.defaults.maxWindowDays,
      );
    }
  }
  // train-model reads the tickers from the manifest, not from this input.
  if (maxInputTickers(c) > maxInputTickers(collectBars)) {
    fail(
      'Pass ValidateInput',
      'universe.maxTickers (default universe.size)',
      `must be at most ${COLLECT_BARS}'s (${maxInputTickers(collectBars)}), or it would refuse the ticker list`,
      maxInputTickers(c),
    );
  }
};

/** The collect-bars input: the resolved window and the input's tickers and flags. */
const collectInput = `$merge([
  {
    'from': $run.from,
    'to': $run.to,
    'interval': $run.interval,
    'provider': $run.provider
  },
  $exists($run.tickers) ? { 'tickers': $run.tickers } : {},
  $run.${REPLACE_WITH_FEWER_ROWS} = true ? { '${REPLACE_WITH_FEWER_ROWS}': true } : {}
])`;

/** The train-model input: the run manifest collect-bars wrote, and the model parameters. */
const trainInput = `{
  'manifest': $substringAfter($substringAfter($collected.manifest, 's3://'), '/'),
  'maxDepth': $run.maxDepth,
  'testFraction': $run.testFraction
}`;

const pipelineSummary = () =>
  succeed('Summary', {
    Output: expr(`{
      'executionName': $states.context.Execution.Name,
      'window': $collected.window,
      'interval': $collected.interval,
      'provider': $collected.provider,
      'dataPrefix': $collected.dataPrefix,
      'inputPrefixes': $states.input.inputPrefixes,
      'modelPrefix': $states.input.modelPrefix,
      'metrics': $states.input.metrics,
      'tickers': $collected.tickers,
      'manifest': $collected.manifest,
      'mapRunManifest': $collected.mapRunManifest,
      'clusterId': $states.input.clusterId,
      'executions': {
        '${COLLECT_BARS}': $collectExecution,
        '${TRAIN_MODEL}': $states.input.executionArn
      }
    }`),
  });

export type MarketDataPipelineBuild = {
  definition: StateMachine;
  placeholders: readonly string[];
  checkContext: CheckContext;
};

/** Builds the definition; throws naming the field on a config the children would contradict. */
export const buildMarketDataPipeline = (
  config: MarketDataPipelineConfig,
): MarketDataPipelineBuild => {
  validateMarketDataPipelineConfig(config);
  const { collectBars, trainModel } = config.children;
  const input = inputStates(config, pipelineInputSpec(config), 'CollectBars');
  const gate = checkDownloads(config, 'TrainModel');
  const collectSeconds = childSeconds(collectBars);
  const trainSeconds = childSeconds(trainModel);
  const definition = stateMachine({
    comment:
      'Market-data pipeline: collect-bars, then train-model on what it collected, as nested executions; the cluster is torn down on every path',
    startAt: input.validate,
    // Both children at their longest, and a few minutes for this execution's own states.
    timeoutSeconds: collectSeconds + trainSeconds + CHILD_TIMEOUT_MARGIN_SECONDS,
    states: [
      input.validate,
      input.check,
      input.reject,
      startWorkflow('CollectBars', {
        workflow: COLLECT_BARS,
        nameSuffix: 'collect',
        comment: 'Download the bars per ticker and write the run manifest (nested execution)',
        input: collectInput,
        timeoutSeconds: collectSeconds,
        assign: {
          collected: expr('$states.result.Output'),
          collectExecution: expr('$states.result.ExecutionArn'),
          downloads: expr('$states.result.Output.tickers'),
        },
        output: expr(`{ 'collectBars': $states.result.ExecutionArn }`),
        next: 'CheckDownloads',
      }),
      gate.check,
      gate.insufficient,
      startWorkflow('TrainModel', {
        workflow: TRAIN_MODEL,
        nameSuffix: 'train',
        comment:
          'Train on the sessions the manifest names; the cluster lives and dies in this nested execution',
        input: trainInput,
        timeoutSeconds: trainSeconds,
        output: expr(
          `$merge([$states.result.Output, { 'executionArn': $states.result.ExecutionArn }])`,
        ),
        next: 'Summary',
      }),
      pipelineSummary(),
      nestedFailure(),
    ],
  });
  return {
    definition,
    placeholders: MARKET_DATA_PIPELINE_PLACEHOLDERS,
    checkContext: marketDataPipelineCheckContext(config),
  };
};

/** Worst-case samples: DescribeExecution of a child with the larger of the two outputs. */
export const marketDataPipelineCheckContext = (c: MarketDataPipelineConfig): CheckContext => {
  const tickers = Array.from({ length: maxInputTickers(c) }, () => WORST_TICKER);
  const sessions = Array.from({ length: c.defaults.maxWindowDays }, () => '2026-01-01');
  const arn = `arn:aws:states:eu-west-2:123456789012:execution:${'S'.repeat(80)}:${'N'.repeat(80)}`;
  const prefix = `s3://${'B'.repeat(63)}/raw/interval=1m/`;
  const childOutput = {
    executionName: 'N'.repeat(80),
    window: { from: '2026-01-01', to: '2026-01-31', sessions },
    interval: '1m',
    provider: 'alphavantage',
    dataPrefix: prefix,
    tickers: {
      requested: tickers.length,
      ok: tickers.length,
      empty: 0,
      failed: 0,
      failedTickers: tickers.slice(0, 50),
    },
    manifest: `s3://${'B'.repeat(63)}/manifests/collect-bars/${'N'.repeat(80)}.json`,
    mapRunManifest: `s3://${'B'.repeat(63)}/manifests/${'N'.repeat(80)}/manifest.json`,
    data: { sessions, tickers: tickers.length, manifest: 'M'.repeat(120) },
    coverage: sessions.map((date) => ({ date, tickers: tickers.length, truncated: false })),
    inputPrefixes: sessions.map((d) => `${prefix}date=${d}/`),
    modelPrefix: `s3://${'B'.repeat(63)}/models/${'N'.repeat(80)}/`,
    metrics: `s3://${'B'.repeat(63)}/models/${'N'.repeat(80)}/metrics.json`,
    clusterId: 'j-XXXXXXXXXXXXX',
  };
  const input = { tickers, from: '2026-01-01', to: '2026-01-31', interval: '1m' };
  return {
    placeholders: MARKET_DATA_PIPELINE_PLACEHOLDERS,
    history: { mapItems: {}, defaultMapItems: 0 },
    payload: {
      mapItems: {},
      itemSamples: {},
      taskResults: {
        'arn:aws:states:::states:startExecution.sync:2': {
          ExecutionArn: arn,
          Input: input,
          InputDetails: { Included: true },
          Name: 'N'.repeat(80),
          Output: childOutput,
          OutputDetails: { Included: true },
          RedriveCount: 0,
          RedriveStatus: 'NOT_REDRIVABLE',
          RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
          StartDate: '2026-01-01T00:00:00.000Z',
          StateMachineArn: arn,
          Status: 'SUCCEEDED',
          StopDate: '2026-01-01T00:00:00.000Z',
        },
      },
      variables: {
        run: {
          tickers,
          from: '2026-01-01',
          to: '2026-01-31',
          dates: sessions,
          interval: '1m',
          provider: 'alphavantage',
          maxDepth: 30,
          testFraction: 0.25,
          replaceWithFewerRows: true,
        },
        collected: childOutput,
        collectExecution: arn,
        downloads: childOutput.tickers,
      },
      context: WORST_CONTEXT,
    },
  };
};

/** The pipeline as the registry lists it (workflows/registry.ts). */
export const marketDataPipeline = defineWorkflow<MarketDataPipelineConfig>({
  name: 'market-data-pipeline',
  description:
    'collect-bars, then train-model on what it collected, as nested executions; the cluster is torn down on every path',
  defaultConfig: defaultMarketDataPipelineConfig,
  build: (config) => {
    const build = buildMarketDataPipeline(config);
    return {
      definition: build.definition,
      placeholders: build.placeholders,
      checkContext: build.checkContext,
      summary: `nested: ${COLLECT_BARS} then ${TRAIN_MODEL}; windows up to ${config.defaults.maxWindowDays} days`,
    };
  },
  input: [
    {
      name: 'tickers',
      type: 'string[]',
      default: 'the universe file',
      description: 'symbols to download and train on',
    },
    {
      name: 'date',
      type: 'YYYY-MM-DD',
      default: 'see from/to',
      description: 'one session (1m, 5m)',
    },
    {
      name: 'from',
      type: 'YYYY-MM-DD',
      default: 'the last completed weekday sessions',
      description: `first day of a window of at most ${defaultMarketDataPipelineConfig.defaults.maxWindowDays} calendar days (with to)`,
    },
    TO_FIELD,
    INTERVAL_FIELD,
    PROVIDER_FIELD,
    MAX_DEPTH_FIELD,
    TEST_FRACTION_FIELD,
    REPLACE_WITH_FEWER_ROWS_FIELD,
  ],
  // Its children's Lambdas and Spark script; it calls none itself.
  tasks: { lambdas: [], sparkScripts: [] },
  schedule: {
    expression: 'cron(11 5 ? * SAT *)',
    timeZone: 'Europe/London',
    description: 'Saturdays 05:11 London',
  },
  variants: [
    {
      id: undefined,
      description: 'the default config: collect-bars then train-model, as nested executions',
      config: defaultMarketDataPipelineConfig,
    },
  ],
});
