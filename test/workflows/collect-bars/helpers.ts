/** Shared by the collect-bars tests: the built definitions of both variants. */
import { buildCollectBars } from '../../../workflows/collect-bars/collect-bars.ts';
import {
  type CollectBarsConfig,
  defaultCollectBarsConfig,
} from '../../../workflows/collect-bars/config.ts';
import { COLLECT_BARS_VARIANTS } from '../../../workflows/collect-bars/variants.ts';

export const inlineBuild = buildCollectBars(defaultCollectBarsConfig);
export const inlineDefinition = inlineBuild.definition;

const distributedVariant = COLLECT_BARS_VARIANTS.find((v) => v.id === 'distributed');
if (distributedVariant === undefined) throw new Error('no distributed collect-bars variant');
export const distributedConfig: CollectBarsConfig = distributedVariant.config;
export const distributedBuild = buildCollectBars(distributedConfig);
export const distributedDefinition = distributedBuild.definition;

/** The default config with some sections changed. */
export const withConfig = (change: {
  universe?: Partial<CollectBarsConfig['universe']>;
  download?: Partial<CollectBarsConfig['download']>;
  defaults?: Partial<CollectBarsConfig['defaults']>;
  timeouts?: Partial<CollectBarsConfig['timeouts']>;
}): CollectBarsConfig => {
  const c = defaultCollectBarsConfig;
  return {
    universe: { ...c.universe, ...change.universe },
    download: { ...c.download, ...change.download },
    defaults: { ...c.defaults, ...change.defaults },
    timeouts: { ...c.timeouts, ...change.timeouts },
  };
};

/** The normalised run as ValidateInput emits it for `{}` on Wednesday 2026-11-25. */
export const sampleRun = {
  from: '2026-11-25',
  to: '2026-11-25',
  dates: ['2026-11-25'],
  interval: '1m',
  provider: 'yahoo',
};
