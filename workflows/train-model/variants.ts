/**
 * The train-model definitions committed under asl-snapshots/: the default config only (its shape
 * does not change with the universe size: the gate lists sessions, not tickers).
 */
import type { WorkflowVariant } from '../workflow.ts';
import { defaultTrainModelConfig, type TrainModelConfig } from './config.ts';

export const TRAIN_MODEL_VARIANTS: readonly WorkflowVariant<TrainModelConfig>[] = [
  {
    id: undefined,
    description: 'the default config: the shipped universe, EMR 7.12, the data gate at 90%',
    config: defaultTrainModelConfig,
  },
];
