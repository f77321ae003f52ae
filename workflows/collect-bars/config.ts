/**
 * The typed configuration of the collect-bars workflow and its defaults: the pipeline's universe,
 * download and default-window sections (the same parts read them), and the timeouts of its
 * stages. No EMR, no training.
 */
import { defaultPipelineConfig, type Sections, type TimeoutsOf } from '../pipeline/config.ts';

export type CollectBarsConfig = Sections<'universe' | 'download' | 'defaults'> &
  TimeoutsOf<'prepareInputSeconds' | 's3TaskSeconds' | 'executionSeconds'>;

export const defaultCollectBarsConfig: CollectBarsConfig = {
  universe: defaultPipelineConfig.universe,
  download: defaultPipelineConfig.download,
  defaults: {
    // The pipeline's 30 days: the run manifest names its objects files instead of listing the
    // objects, so its size does not grow with the window (limits.ts).
    ...defaultPipelineConfig.defaults,
    // The schedule runs after the close: `{}` collects that day's session.
    includeStartDate: true,
  },
  timeouts: { prepareInputSeconds: 120, s3TaskSeconds: 60, executionSeconds: 2 * 3600 },
};
