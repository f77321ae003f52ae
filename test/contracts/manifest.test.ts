import { describe, expect, it } from 'vitest';
import {
  COLLECT_BARS_MANIFEST_PREFIX,
  COLLECT_BARS_MANIFEST_VERSION,
  COLLECT_BARS_MANIFEST_VERSIONS_READ,
  collectBarsManifestKey,
  collectBarsObjectsKey,
  collectBarsObjectsPrefix,
} from '../../contracts/manifest.ts';

describe('the collect-bars run manifest contract', () => {
  it('puts a run manifest at manifests/collect-bars/<execution name>.json', () => {
    expect(collectBarsManifestKey('run-1')).toBe('manifests/collect-bars/run-1.json');
    expect(collectBarsManifestKey('run-1').startsWith(COLLECT_BARS_MANIFEST_PREFIX)).toBe(true);
  });

  it('is at version 2, and version 1 manifests stay readable', () => {
    expect(COLLECT_BARS_MANIFEST_VERSION).toBe(2);
    expect(COLLECT_BARS_MANIFEST_VERSIONS_READ).toStrictEqual([1, 2]);
  });

  it("puts an execution's objects files under manifests/collect-bars/<execution name>/objects/", () => {
    expect(collectBarsObjectsPrefix('run-1')).toBe('manifests/collect-bars/run-1/objects/');
    expect(collectBarsObjectsKey('run-1', 'AZN.L')).toBe(
      'manifests/collect-bars/run-1/objects/AZN.L.json',
    );
  });
});
