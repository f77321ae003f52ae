/**
 * The collect-bars definitions committed under asl-snapshots/: the default (the shipped 100-ticker
 * universe, INLINE download) and a large-universe variant, so the DISTRIBUTED path is generated,
 * validated and checked as well (the pipeline's variants, workflows/pipeline/variants.ts).
 */
import type { WorkflowVariant } from '../workflow.ts';
import { type CollectBarsConfig, defaultCollectBarsConfig } from './config.ts';

export const COLLECT_BARS_VARIANTS: readonly WorkflowVariant<CollectBarsConfig>[] = [
  {
    id: undefined,
    description: 'the default config: the shipped FTSE 100 universe, INLINE download Map',
    config: defaultCollectBarsConfig,
  },
  {
    id: 'distributed',
    description:
      'a 5,000-ticker universe: DISTRIBUTED download Map, per-batch object files for the manifest',
    config: {
      ...defaultCollectBarsConfig,
      universe: { key: defaultCollectBarsConfig.universe.key, size: 5000 },
      download: { ...defaultCollectBarsConfig.download, maxConcurrency: 20 },
    },
  },
];
