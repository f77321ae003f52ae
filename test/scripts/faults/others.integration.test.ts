/**
 * The quick fault scenarios of scripts/faults/ (npm run faults): the local S3 killed, provider storms, the Spark driver killed, a read-only state folder, two runs of one name, clock jumps. Each runs the real CLI
 * process against the local runtime in a state folder of its own, with the training step's
 * stand-in for spark-submit (real Spark: npm run faults), and must leave no cluster running, no
 * process behind, no data object lost or corrupted, a clear error where the run cannot succeed,
 * and a rerun that succeeds.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, SCENARIOS } from '../../../scripts/faults/scenarios.ts';

/** Three CLI runs of a few seconds each; the 2-core machine is shared. */
const SCENARIO_TIMEOUT = 240_000;

describe('fault scenarios (stand-in Spark)', () => {
  const quick = SCENARIOS.filter((s) => s.quick && !s.id.startsWith('kill-'));
  it.each(quick.map((s) => [s.id, s] as const))(
    '%s',
    async (_, scenario) => {
      const row = await runScenario(scenario, 'stand-in');
      expect(row.problems, row.outcome).toStrictEqual([]);
      expect(row.clustersLeaked).toBe(0);
      expect(row.objectsLostOrCorrupted).toBe(0);
      expect(row.recoverSeconds, row.outcome).toBeGreaterThan(0);
    },
    SCENARIO_TIMEOUT,
  );
});
