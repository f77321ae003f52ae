/**
 * The definitions committed under asl-snapshots/: the default pipeline, and a large-universe
 * variant so the DISTRIBUTED download path is generated, validated and checked as well.
 * scripts/snapshots.ts writes them; scripts/lint-asl.ts and the tests check them.
 */
import { defaultPipelineConfig, type PipelineConfig } from '../market-data-pipeline.ts';

export type SnapshotVariant = {
  /** File name under asl-snapshots/. */
  file: string;
  description: string;
  config: PipelineConfig;
};

export const SNAPSHOT_VARIANTS: readonly SnapshotVariant[] = [
  {
    file: 'market-data-pipeline.asl.json',
    description: 'the default config: the shipped FTSE 100 universe, INLINE download Map',
    config: defaultPipelineConfig,
  },
  {
    file: 'market-data-pipeline.distributed.asl.json',
    description:
      'a 5,000-ticker universe: DISTRIBUTED download Map with ItemReader and ResultWriter',
    config: {
      ...defaultPipelineConfig,
      universe: { key: defaultPipelineConfig.universe.key, size: 5000 },
      download: { ...defaultPipelineConfig.download, maxConcurrency: 20 },
    },
  },
];
