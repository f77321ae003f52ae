/**
 * The definitions committed under asl-snapshots/: the default pipeline, and a large-universe
 * variant so the DISTRIBUTED download path is generated, validated and checked as well.
 * scripts/snapshots.ts writes them; scripts/lint-asl.ts and the tests check them.
 */

import type { WorkflowVariant } from '../workflow.ts';
import { defaultPipelineConfig, type PipelineConfig } from './config.ts';

export const PIPELINE_VARIANTS: readonly WorkflowVariant<PipelineConfig>[] = [
  {
    id: undefined,
    description: 'the default config: the shipped FTSE 100 universe, INLINE download Map',
    config: defaultPipelineConfig,
  },
  {
    id: 'distributed',
    description:
      'a 5,000-ticker universe: DISTRIBUTED download Map with ItemReader and ResultWriter',
    config: {
      ...defaultPipelineConfig,
      universe: { key: defaultPipelineConfig.universe.key, size: 5000 },
      download: { ...defaultPipelineConfig.download, maxConcurrency: 20 },
    },
  },
];
