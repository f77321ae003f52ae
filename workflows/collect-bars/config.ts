/**
 * The typed configuration of the collect-bars workflow and its defaults: the pipeline's universe,
 * download and default-window sections (the same parts read them), and the timeouts of its
 * stages. No EMR, no training.
 */
import { MAX_KEPT_OBJECTS } from '../../contracts/download.ts';
import { defaultPipelineConfig, type Sections, type TimeoutsOf } from '../pipeline/config.ts';

export type CollectBarsConfig = Sections<'universe' | 'download' | 'defaults'> &
  TimeoutsOf<'prepareInputSeconds' | 's3TaskSeconds' | 'executionSeconds'>;

export const defaultCollectBarsConfig: CollectBarsConfig = {
  universe: defaultPipelineConfig.universe,
  download: {
    ...defaultPipelineConfig.download,
    distributed: {
      ...defaultPipelineConfig.download.distributed,
      // A batch result keeps its objects (one per calendar day) for WriteBatchObjects: 13 tickers
      // x 30 days = 390 fit the MAX_KEPT_OBJECTS (400) a state payload allows.
      batchSize: Math.floor(MAX_KEPT_OBJECTS / defaultPipelineConfig.defaults.maxWindowDays),
    },
  },
  defaults: {
    // The pipeline's 30 days: the run manifest names its objects files instead of listing the
    // objects, so its size does not grow with the window (limits.ts).
    ...defaultPipelineConfig.defaults,
    // The schedule runs after the close: `{}` collects that day's session.
    includeStartDate: true,
  },
  timeouts: { prepareInputSeconds: 120, s3TaskSeconds: 60, executionSeconds: 2 * 3600 },
};
