/** A deep copy of a built definition, changed by `mutate`, to prove a check can fail. */
import type { MapState, State, StateMachine } from '../../asl/types.ts';
import {
  buildMarketDataPipeline,
  defaultPipelineConfig,
} from '../../workflows/market-data-pipeline.ts';
import { PIPELINE_VARIANTS } from '../../workflows/pipeline/variants.ts';

export const inlineBuild = buildMarketDataPipeline(defaultPipelineConfig);
export const distributedBuild = buildMarketDataPipeline(
  (PIPELINE_VARIANTS.find((v) => v.id === 'distributed') ?? PIPELINE_VARIANTS[0])?.config ??
    defaultPipelineConfig,
);

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

/** A state inside the DownloadTickers Map. */
export const inner = (d: StateMachine, name: string): Record<string, unknown> => {
  const m = d.States.DownloadTickers as MapState;
  const s: State | undefined = m.ItemProcessor.States[name];
  if (s === undefined) throw new Error(`no inner state ${name}`);
  return s as unknown as Record<string, unknown>;
};
