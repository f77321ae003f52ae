/**
 * The built definitions the check tests run over, and a deep copy of one changed by `mutate`, to
 * prove a check can fail: collect-bars (inline and distributed) for the download states,
 * train-model for the cluster states, and the composed market-data pipeline for the nested
 * executions and the download gate.
 */
import type { MapState, State, StateMachine } from '../../asl/types.ts';
import { buildCollectBars } from '../../workflows/collect-bars/collect-bars.ts';
import {
  type CollectBarsConfig,
  defaultCollectBarsConfig,
} from '../../workflows/collect-bars/config.ts';
import { COLLECT_BARS_VARIANTS } from '../../workflows/collect-bars/variants.ts';
import {
  buildMarketDataPipeline,
  defaultMarketDataPipelineConfig,
} from '../../workflows/market-data-pipeline.ts';
import { defaultTrainModelConfig } from '../../workflows/train-model/config.ts';
import { buildTrainModel } from '../../workflows/train-model/train-model.ts';

/** collect-bars, default config: PrepareInput, then the inline DownloadTickers Map. */
export const inlineBuild = buildCollectBars(defaultCollectBarsConfig);

const distributedVariant = COLLECT_BARS_VARIANTS.find((v) => v.id === 'distributed');
if (distributedVariant === undefined) throw new Error('no distributed collect-bars variant');
export const distributedConfig: CollectBarsConfig = distributedVariant.config;
/** collect-bars, 'distributed' variant: DownloadTickers as a Distributed Map of batches. */
export const distributedBuild = buildCollectBars(distributedConfig);

/** train-model, default config: CreateCluster, Train, TerminateCluster(AfterFailure). */
export const trainBuild = buildTrainModel(defaultTrainModelConfig);

/** The composed pipeline: CollectBars and TrainModel as nested executions, CheckDownloads between. */
export const pipelineBuild = buildMarketDataPipeline(defaultMarketDataPipelineConfig);

export const broken = (
  definition: StateMachine,
  mutate: (d: StateMachine) => void,
): StateMachine => {
  const copy = structuredClone(definition);
  mutate(copy);
  return copy;
};

/** A top-level state of a definition, typed loosely for mutation. */
export const at = (d: StateMachine, name: string): Record<string, unknown> => {
  const s = d.States[name];
  if (s === undefined) throw new Error(`no state ${name}`);
  return s as unknown as Record<string, unknown>;
};

/** A state inside a Map's ItemProcessor (by default the DownloadTickers Map). */
export const inner = (
  d: StateMachine,
  name: string,
  map = 'DownloadTickers',
): Record<string, unknown> => {
  const m = d.States[map] as MapState | undefined;
  if (m?.Type !== 'Map') throw new Error(`no Map state ${map}`);
  const s: State | undefined = m.ItemProcessor.States[name];
  if (s === undefined) throw new Error(`no inner state ${name} in ${map}`);
  return s as unknown as Record<string, unknown>;
};
