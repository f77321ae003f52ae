/**
 * Refuses a collect-bars config at build time, naming the state, the field and the value: the
 * pipeline's checks of the sections it shares.
 */
import {
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
