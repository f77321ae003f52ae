/** Shared by the tests of the pipeline's parts: the built definitions and a Step Functions-like evaluator. */
import {
  evaluateExpression,
  evaluateTemplate,
  type StatesBinding,
} from '../../../asl/sfn-jsonata.ts';
import type { MapState, State, StateMachineFragment, Template } from '../../../asl/types.ts';
import { buildCollectBars } from '../../../workflows/collect-bars/collect-bars.ts';
import { defaultCollectBarsConfig } from '../../../workflows/collect-bars/config.ts';
import { COLLECT_BARS_VARIANTS } from '../../../workflows/collect-bars/variants.ts';
import {
  buildMarketDataPipeline,
  defaultMarketDataPipelineConfig,
} from '../../../workflows/market-data-pipeline.ts';
import { defaultTrainModelConfig } from '../../../workflows/train-model/config.ts';
import { buildTrainModel } from '../../../workflows/train-model/train-model.ts';

/**
 * The pipeline's parts live in the workflows built from them: the input and the download gate in
 * the composed pipeline, the download Maps in collect-bars, the cluster states in train-model.
 */
export const pipelineDefinition = buildMarketDataPipeline(
  defaultMarketDataPipelineConfig,
).definition;
export const inlineDefinition = buildCollectBars(defaultCollectBarsConfig).definition;

const distributedVariant = COLLECT_BARS_VARIANTS.find((v) => v.id === 'distributed');
if (distributedVariant === undefined) throw new Error('no distributed collect-bars variant');
export const distributedConfig = distributedVariant.config;
export const distributedDefinition = buildCollectBars(distributedConfig).definition;

export const clusterDefinition = buildTrainModel(defaultTrainModelConfig).definition;

/** A state by name, looking inside Map item processors too. */
export const stateOf = <T extends State['Type']>(
  fragment: StateMachineFragment,
  name: string,
  type: T,
): Extract<State, { Type: T }> => {
  const direct = fragment.States[name];
  if (direct !== undefined) {
    if (direct.Type !== type) throw new Error(`${name} is a ${direct.Type}, not a ${type}`);
    return direct as Extract<State, { Type: T }>;
  }
  for (const s of Object.values(fragment.States)) {
    if (s.Type === 'Map') {
      const found = (s as MapState).ItemProcessor.States[name];
      if (found !== undefined) return stateOf((s as MapState).ItemProcessor, name, type);
    }
  }
  throw new Error(`no state ${name}`);
};

export const context = (startTime = '2026-11-25T06:00:00.000Z') => ({
  Execution: {
    Id: 'arn:aws:states:eu-west-2:123456789012:execution:market-data-pipeline:run-1',
    Name: 'run-1',
    StartTime: startTime,
    RoleArn: 'arn:aws:iam::123456789012:role/sfn',
  },
  StateMachine: {
    Id: 'arn:aws:states:eu-west-2:123456789012:stateMachine:market-data-pipeline',
    Name: 'market-data-pipeline',
  },
});

export const evaluate = (
  expression: unknown,
  states: StatesBinding,
  variables: Record<string, unknown> = {},
): Promise<unknown> => {
  if (typeof expression !== 'string')
    return evaluateTemplate(expression as Template, states, variables);
  return evaluateExpression(expression, states, variables);
};

/** The normalised run as ValidateInput emits it for `{}` at a Wednesday start. */
export const sampleRun = {
  from: '2026-11-24',
  to: '2026-11-24',
  dates: ['2026-11-24'],
  interval: '1m',
  provider: 'yahoo',
  maxDepth: 5,
  testFraction: 0.2,
};
