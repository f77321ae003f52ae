/**
 * train-model: training on data already in the data bucket. Typed config in, one JSONata ASL
 * definition out; pure, built from the pipeline's parts (workflows/pipeline/*).
 *
 *   ValidateInput -> CheckInput -(bad)-> RejectInput (InvalidInputError)
 *     -> ChooseDataSource -(manifest)-> ReadRunManifest -> CheckManifest -(bad)-> RejectManifest
 *     -> PrepareInput (the input's or the manifest's tickers, else the universe file)
 *     -> ListSessions (one ListObjectsV2 per session) -> CheckTrainingData
 *        -(not enough data)-> NoTrainingData (NoTrainingDataError)
 *     -> CreateCluster -> Train -> TerminateCluster -> Summary
 *        Train / TerminateCluster -(any error)-> TerminateClusterAfterFailure -> RethrowFailure
 *
 * docs/workflow.md (train-model) describes the steps, the input, the errors and the output.
 */

import type { StateMachine } from '../../asl/types.ts';
import { literal } from '../../builders/jsonata.ts';
import { stateMachine } from '../../builders/state-machine.ts';
import type { CheckContext } from '../../checks/types.ts';
import {
  DATE_FIELD,
  INTERVAL_FIELD,
  MAX_DEPTH_FIELD,
  TEST_FRACTION_FIELD,
  TO_FIELD,
} from '../input-fields.ts';
import { clusterStates } from '../pipeline/cluster.ts';
import { inputStates } from '../pipeline/input.ts';
import { prepareInput } from '../pipeline/prepare-input.ts';
import { defineWorkflow } from '../workflow.ts';
import { trainModelCheckContext } from './check-model.ts';
import { defaultTrainModelConfig, type TrainModelConfig } from './config.ts';
import { dataGateStates } from './data-gate.ts';
import { trainModelInputSpec } from './input.ts';
import { estimateTrainModel, type TrainModelEstimates, trainModelLimitProblems } from './limits.ts';
import { manifestStates } from './manifest.ts';
import { TRAIN_MODEL_PLACEHOLDERS } from './placeholders.ts';
import { dataDescriptionArgs, trainSummary } from './summary.ts';
import { validateTrainModelConfig } from './validate-config.ts';
import { TRAIN_MODEL_VARIANTS } from './variants.ts';

export type TrainModelBuild = {
  definition: StateMachine;
  placeholders: readonly string[];
  estimates: TrainModelEstimates;
  checkContext: CheckContext;
};

/**
 * Builds the definition. Throws, naming the state, the field and the value, on an invalid
 * config, and on one whose stage timeouts exceed the execution timeout.
 */
export const buildTrainModel = (config: TrainModelConfig): TrainModelBuild => {
  validateTrainModelConfig(config);
  const input = inputStates(config, trainModelInputSpec(config), 'ChooseDataSource');
  const manifest = manifestStates(config, 'PrepareInput');
  const gate = dataGateStates(config, 'CreateCluster');
  const cluster = clusterStates(config, 'Summary', { trainArgs: dataDescriptionArgs });
  const definition = stateMachine({
    comment:
      'train-model: check the data bucket holds the window, train a model on EMR, tear the cluster down on every path',
    startAt: input.validate,
    timeoutSeconds: config.timeouts.executionSeconds,
    states: [
      input.validate,
      input.check,
      input.reject,
      manifest.choose,
      manifest.read,
      manifest.check,
      manifest.reject,
      prepareInput(config, 'ListSessions', {
        // A distributed collect-bars run names its ticker file instead of listing them.
        universeKey: `$exists($run.tickerFile) ? $run.tickerFile : ${literal(config.universe.key)}`,
      }),
      gate.list,
      gate.check,
      gate.noData,
      cluster.create,
      cluster.train,
      cluster.terminate,
      trainSummary(),
      cluster.terminateAfterFailure,
      cluster.rethrow,
    ],
  });
  const estimates = estimateTrainModel(config, definition);
  const problems = trainModelLimitProblems(config, estimates);
  if (problems.length > 0) {
    throw new Error(
      `train-model config exceeds Step Functions limits:\n- ${problems.join('\n- ')}`,
    );
  }
  return {
    definition,
    placeholders: TRAIN_MODEL_PLACEHOLDERS,
    estimates,
    checkContext: trainModelCheckContext(config),
  };
};

/** train-model as the registry lists it (workflows/registry.ts). */
export const trainModel = defineWorkflow<TrainModelConfig>({
  name: 'train-model',
  description:
    'Train a decision tree on EMR on bars already in the data bucket (a window or a collect-bars manifest), after checking the window holds data',
  defaultConfig: defaultTrainModelConfig,
  build: (config) => {
    const build = buildTrainModel(config);
    return {
      definition: build.definition,
      placeholders: build.placeholders,
      checkContext: build.checkContext,
      summary:
        `~${build.estimates.historyEvents} history events, ` +
        `stage timeouts ${build.estimates.timeoutBudgetSeconds} s of ${config.timeouts.executionSeconds} s`,
    };
  },
  dates: 'range',
  input: [
    DATE_FIELD,
    {
      name: 'from',
      type: 'YYYY-MM-DD',
      default: 'the last completed weekday sessions the interval needs',
      description: 'first day of the window to train on, at most 30 calendar days (with to)',
    },
    TO_FIELD,
    {
      name: 'manifest',
      type: 'string (S3 key)',
      default: 'none',
      description:
        'a collect-bars run manifest, manifests/collect-bars/<execution>.json: its window, interval and tickers',
    },
    {
      name: 'tickers',
      type: 'string[]',
      default: "the manifest's, else the universe file",
      description: 'the tickers the data gate requires data for',
    },
    INTERVAL_FIELD,
    MAX_DEPTH_FIELD,
    TEST_FRACTION_FIELD,
  ],
  tasks: { lambdas: ['prepare-input'], sparkScripts: ['train/train_model.py'] },
  variants: TRAIN_MODEL_VARIANTS,
});
