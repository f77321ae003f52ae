/**
 * Refuses a collect-bars config at build time, naming the state, the field and the value: the
 * pipeline's checks of the sections it shares, and the batch bound of its distributed mode.
 */
import { MAX_KEPT_OBJECTS } from '../../contracts/download.ts';
import type { DownloadModeResolved } from '../pipeline/limits.ts';
import {
  fail,
  validateDownload,
  validateProviderDefault,
  validateTimeouts,
  validateUniverse,
  validateWindowDefaults,
} from '../pipeline/validate-config.ts';
import type { CollectBarsConfig } from './config.ts';

export const validateCollectBarsConfig = (c: CollectBarsConfig): void => {
  validateUniverse(c);
  validateDownload(c);
  validateProviderDefault(c);
  validateWindowDefaults(c, { training: false });
  validateTimeouts(c);
};

/** Checks that depend on the download mode the build chose. */
export const validateCollectBarsMode = (c: CollectBarsConfig, mode: DownloadModeResolved): void => {
  if (mode !== 'distributed') return;
  // Each batch keeps its per-date objects (one per calendar day of the window) for the manifest.
  const objects = c.download.distributed.batchSize * c.defaults.maxWindowDays;
  if (objects > MAX_KEPT_OBJECTS) {
    fail(
      'Map download',
      'download.distributed.batchSize',
      `times defaults.maxWindowDays (${c.defaults.maxWindowDays}) must be at most ${MAX_KEPT_OBJECTS} objects, the most a batch result keeps (BatchInput.keepObjects)`,
      c.download.distributed.batchSize,
    );
  }
};
