/**
 * The market-data pipeline: typed config in, one JSONata ASL definition out. Pure: no CDK, no
 * environment, no I/O (scripts/snapshots.ts writes the result to asl-snapshots/).
 *
 *   ValidateInput -> CheckInput -(bad)-> RejectInput (InvalidInputError)
 *     -> [inline]      PrepareInput -> DownloadTickers (inline Map)
 *        [distributed] ChooseTickerSource -> (PrepareInput -> WriteTickerList)
 *                      -> DownloadTickers (distributed Map) -> ReadManifest -> SumResults
 *     -> CheckDownloads -(too few ok)-> InsufficientData (InsufficientDataError)
 *     -> CreateCluster -> Train -> TerminateCluster -> Summary
 *        Train / TerminateCluster -(any error)-> TerminateClusterAfterFailure -> RethrowFailure
 *
 * docs/workflow.md describes every step, the input schema and the output.
 */

import type { StateMachine } from '../asl/types.ts';
import type { Named } from '../builders/assert.ts';
import { stateMachine } from '../builders/state-machine.ts';
import type { CheckContext } from '../checks/types.ts';
import {
  INTERVAL_FIELD,
  MAX_DEPTH_FIELD,
  PROVIDER_FIELD,
  REPLACE_WITH_FEWER_ROWS_FIELD,
  TEST_FRACTION_FIELD,
  TO_FIELD,
} from './input-fields.ts';
import { maxTickers } from './pipeline/bounds.ts';
import { checkDownloads } from './pipeline/check-downloads.ts';
import { pipelineCheckContext } from './pipeline/check-model.ts';
import { clusterStates } from './pipeline/cluster.ts';
import { defaultPipelineConfig, type PipelineConfig } from './pipeline/config.ts';
import { distributedDownload } from './pipeline/download-distributed.ts';
import { inlineDownload } from './pipeline/download-inline.ts';
import { readManifest, sumResults } from './pipeline/download-results.ts';
import { inputStates, pipelineInputSpec } from './pipeline/input.ts';
import {
  type DownloadModeResolved,
  estimatePipeline,
  limitProblems,
  type PipelineEstimates,
} from './pipeline/limits.ts';
import { PIPELINE_PLACEHOLDERS, type PipelinePlaceholder } from './pipeline/placeholders.ts';
import { prepareInput } from './pipeline/prepare-input.ts';
import { summary } from './pipeline/summary.ts';
import { chooseTickerSource, writeTickerList } from './pipeline/ticker-source.ts';
import { validateConfig } from './pipeline/validate-config.ts';
import { PIPELINE_VARIANTS } from './pipeline/variants.ts';
import { defineWorkflow } from './workflow.ts';

export { INSUFFICIENT_DATA_ERROR } from './pipeline/check-downloads.ts';
export {
  type DownloadMode,
  defaultPipelineConfig,
  type PipelineConfig,
  SHIPPED_UNIVERSE_SIZE,
} from './pipeline/config.ts';
export { INPUT_FIELDS, INVALID_INPUT_ERROR } from './pipeline/input.ts';
export type { DownloadModeResolved, PipelineEstimates } from './pipeline/limits.ts';
export { PIPELINE_PLACEHOLDERS, type PipelinePlaceholder } from './pipeline/placeholders.ts';

export type PipelineBuild = {
  definition: StateMachine;
  /** The `${Name}` substitutions the definition uses: always all of PIPELINE_PLACEHOLDERS. */
  placeholders: readonly PipelinePlaceholder[];
  /** The Map mode the builder chose for the download step. */
  downloadMode: DownloadModeResolved;
  /** Limit estimates at the configured universe size (all within quota, or the build throws). */
  estimates: PipelineEstimates;
  /** What checks/ needs to check this definition (placeholders, sizes, samples). */
  checkContext: CheckContext;
};

export const resolveDownloadMode = (c: PipelineConfig): DownloadModeResolved => {
  if (c.download.mode !== 'auto') return c.download.mode;
  return maxTickers(c) <= c.download.inlineMaxTickers ? 'inline' : 'distributed';
};

const downloadStates = (c: PipelineConfig, mode: DownloadModeResolved): Named[] => {
  if (mode === 'inline') {
    return [prepareInput(c, 'DownloadTickers'), inlineDownload(c, 'CheckDownloads')];
  }
  return [
    chooseTickerSource(c, 'PrepareInput', 'DownloadTickers'),
    prepareInput(c, 'WriteTickerList'),
    writeTickerList(c, 'DownloadTickers'),
    distributedDownload(c, 'ReadManifest'),
    readManifest(c, 'SumResults'),
    sumResults(c, 'CheckDownloads'),
  ];
};

/**
 * Builds the definition. Throws, naming the state, the field and the value, on a config that is
 * invalid, and, naming the quota and the overshoot, on one that would exceed Step Functions
 * limits at `universe.maxTickers` (default `universe.size`) tickers.
 */
export const buildMarketDataPipeline = (config: PipelineConfig): PipelineBuild => {
  validateConfig(config);
  const mode = resolveDownloadMode(config);
  const input = inputStates(
    config,
    pipelineInputSpec(config),
    mode === 'inline' ? 'PrepareInput' : 'ChooseTickerSource',
  );
  const gate = checkDownloads(config, 'CreateCluster');
  const cluster = clusterStates(config, 'Summary');
  const definition = stateMachine({
    comment:
      'Market-data pipeline: download intraday bars per ticker, train a model on EMR, tear the cluster down on every path',
    startAt: input.validate,
    timeoutSeconds: config.timeouts.executionSeconds,
    states: [
      input.validate,
      input.check,
      input.reject,
      ...downloadStates(config, mode),
      gate.check,
      gate.insufficient,
      cluster.create,
      cluster.train,
      cluster.terminate,
      summary(mode === 'distributed'),
      cluster.terminateAfterFailure,
      cluster.rethrow,
    ],
  });
  const estimates = estimatePipeline(config, mode, definition);
  const problems = limitProblems(config, estimates);
  if (problems.length > 0) {
    throw new Error(`Pipeline config exceeds Step Functions limits:\n- ${problems.join('\n- ')}`);
  }
  return {
    definition,
    placeholders: PIPELINE_PLACEHOLDERS,
    downloadMode: mode,
    estimates,
    checkContext: pipelineCheckContext(config, mode),
  };
};

/** The pipeline as the registry lists it (workflows/registry.ts). */
export const marketDataPipeline = defineWorkflow<PipelineConfig>({
  name: 'market-data-pipeline',
  description:
    'Download intraday bars per ticker, train a decision tree on EMR, tear the cluster down on every path',
  defaultConfig: defaultPipelineConfig,
  build: (config) => {
    const build = buildMarketDataPipeline(config);
    return {
      definition: build.definition,
      placeholders: build.placeholders,
      checkContext: build.checkContext,
      summary:
        `${build.downloadMode} download, ~${build.estimates.historyEvents} history events, ` +
        `largest download payload ~${build.estimates.downloadPayloadBytes} bytes`,
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
      description: 'first day of a window of at most 30 calendar days (with to)',
    },
    TO_FIELD,
    INTERVAL_FIELD,
    PROVIDER_FIELD,
    MAX_DEPTH_FIELD,
    TEST_FRACTION_FIELD,
    REPLACE_WITH_FEWER_ROWS_FIELD,
  ],
  tasks: { lambdas: ['prepare-input', 'download-ticker'], sparkScripts: ['train/train_model.py'] },
  schedule: {
    expression: 'cron(11 5 ? * SAT *)',
    timeZone: 'Europe/London',
    description: 'Saturdays 05:11 London',
  },
  variants: PIPELINE_VARIANTS,
});
