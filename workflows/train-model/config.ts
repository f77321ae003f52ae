/**
 * The typed configuration of the train-model workflow and its defaults: the pipeline's universe,
 * EMR and training sections (the same parts read them), its default window without a provider,
 * the data gate's threshold and the timeouts of its stages.
 */
import {
  defaultPipelineConfig,
  type PipelineTimeouts,
  type Sections,
  type WindowDefaults,
} from '../pipeline/config.ts';

export type TrainModelConfig = Sections<'universe' | 'emr' | 'training'> & {
  defaults: WindowDefaults;
  data: {
    /**
     * Share of the run's tickers (0..1] that must have an object in every session that holds
     * data, before a cluster is created. @default the pipeline's download.minSuccessRatio (0.9)
     */
    minTickerRatio: number;
    /** Sessions listed at once (inline Map, at most 40). @default 10 */
    maxConcurrency: number;
  };
  timeouts: Pick<
    PipelineTimeouts,
    | 'prepareInputSeconds'
    | 's3TaskSeconds'
    | 'createClusterSeconds'
    | 'trainSeconds'
    | 'terminateClusterSeconds'
    | 'executionSeconds'
  >;
};

/** One ListObjectsV2 page: the data gate sees at most this many tickers per session. */
export const MAX_LISTED_PER_SESSION = 1000;

const { provider: _provider, ...windowDefaults } = defaultPipelineConfig.defaults;
const t = defaultPipelineConfig.timeouts;

export const defaultTrainModelConfig: TrainModelConfig = {
  // Up to a listing page of tickers: the gate's one listing per session must see them all.
  universe: { ...defaultPipelineConfig.universe, maxTickers: MAX_LISTED_PER_SESSION },
  emr: defaultPipelineConfig.emr,
  training: defaultPipelineConfig.training,
  defaults: windowDefaults,
  data: { minTickerRatio: defaultPipelineConfig.download.minSuccessRatio, maxConcurrency: 10 },
  timeouts: {
    prepareInputSeconds: t.prepareInputSeconds,
    s3TaskSeconds: t.s3TaskSeconds,
    createClusterSeconds: t.createClusterSeconds,
    trainSeconds: t.trainSeconds,
    terminateClusterSeconds: t.terminateClusterSeconds,
    executionSeconds: t.executionSeconds,
  },
};
