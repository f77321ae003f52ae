import { describe, expect, it } from 'vitest';
import {
  COLLECT_BARS_MANIFEST_PREFIX,
  COLLECT_BARS_MANIFEST_VERSION,
  collectBarsManifestKey,
} from '../../contracts/manifest.ts';

describe('the collect-bars run manifest contract', () => {
  it('puts a run manifest at manifests/collect-bars/<execution name>.json', () => {
    expect(collectBarsManifestKey('run-1')).toBe('manifests/collect-bars/run-1.json');
    expect(collectBarsManifestKey('run-1').startsWith(COLLECT_BARS_MANIFEST_PREFIX)).toBe(true);
  });

  it('is at version 1', () => {
    expect(COLLECT_BARS_MANIFEST_VERSION).toBe(1);
  });
});
