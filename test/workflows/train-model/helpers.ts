/** Shared by the train-model tests: the built definition and config variations. */
import {
  defaultTrainModelConfig,
  type TrainModelConfig,
} from '../../../workflows/train-model/config.ts';
import { buildTrainModel } from '../../../workflows/train-model/train-model.ts';

export const build = buildTrainModel(defaultTrainModelConfig);
export const definition = build.definition;

export const withConfig = (change: {
  universe?: Partial<TrainModelConfig['universe']>;
  data?: Partial<TrainModelConfig['data']>;
  defaults?: Partial<TrainModelConfig['defaults']>;
  timeouts?: Partial<TrainModelConfig['timeouts']>;
}): TrainModelConfig => {
  const c = defaultTrainModelConfig;
  return {
    ...c,
    universe: { ...c.universe, ...change.universe },
    data: { ...c.data, ...change.data },
    defaults: { ...c.defaults, ...change.defaults },
    timeouts: { ...c.timeouts, ...change.timeouts },
  };
};

/** The run ValidateInput emits for `{}` on Wednesday 2026-11-25. */
export const sampleRun = {
  from: '2026-11-24',
  to: '2026-11-24',
  dates: ['2026-11-24'],
  interval: '1m',
  maxDepth: 5,
  testFraction: 0.2,
};
