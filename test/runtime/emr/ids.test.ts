import { describe, expect, it } from 'vitest';
import {
  clusterIdPattern,
  newClusterId,
  newStepId,
  stepIdPattern,
} from '../../../runtime/emr/ids.ts';
import { javaMajor } from '../../../runtime/emr/requirements.ts';

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('EMR ids', () => {
  it('are j- or s- followed by 13 upper-case alphanumerics', () => {
    expect(newClusterId()).toMatch(clusterIdPattern);
    expect(newStepId()).toMatch(stepIdPattern);
  });

  it('are deterministic for a seeded random source', () => {
    expect(newClusterId(seeded(7))).toBe(newClusterId(seeded(7)));
    expect(newClusterId(seeded(7))).not.toBe(newClusterId(seeded(8)));
  });
});

describe('javaMajor', () => {
  it('reads modern and 1.x version strings', () => {
    expect(javaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajor('java version "1.8.0_381"')).toBe(8);
    expect(javaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajor('no java here')).toBeUndefined();
  });
});
