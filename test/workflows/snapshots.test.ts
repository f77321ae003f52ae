import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../asl/types.ts';
import { CHECKS } from '../../checks/index.ts';
import { renderSnapshot, SNAPSHOT_DIR } from '../../scripts/snapshots.ts';
import { buildMarketDataPipeline } from '../../workflows/market-data-pipeline.ts';
import { SNAPSHOT_VARIANTS } from '../../workflows/pipeline/variants.ts';

describe('asl-snapshots/', () => {
  it('holds exactly the snapshot variants', async () => {
    const files = (await readdir(SNAPSHOT_DIR)).filter((f) => f.endsWith('.asl.json')).sort();
    expect(files).toStrictEqual(SNAPSHOT_VARIANTS.map((v) => v.file).sort());
  });
});

describe.each(SNAPSHOT_VARIANTS)('asl-snapshots/$file', (variant) => {
  const build = buildMarketDataPipeline(variant.config);
  const read = () => readFile(join(SNAPSHOT_DIR, variant.file), 'utf8');

  it('is exactly what the builder emits (npm run snapshots regenerates it)', async () => {
    expect(await read()).toBe(renderSnapshot(build.definition));
  });

  it.each(CHECKS.map((c) => [c.name, c] as const))('passes the %s check', async (_, check) => {
    const definition = JSON.parse(await read()) as StateMachine;
    expect(await check.run(definition, build.checkContext)).toStrictEqual([]);
  });
});
