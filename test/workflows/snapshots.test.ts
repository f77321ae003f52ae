import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../asl/types.ts';
import { CHECKS } from '../../checks/index.ts';
import { renderSnapshot, SNAPSHOT_DIR } from '../../scripts/snapshots.ts';
import { allSnapshots } from '../../workflows/registry.ts';

describe('asl-snapshots/', () => {
  it('holds exactly the snapshots of the registered workflows', async () => {
    const files = (await readdir(SNAPSHOT_DIR)).filter((f) => f.endsWith('.asl.json')).sort();
    expect(files).toStrictEqual(
      allSnapshots()
        .map((s) => s.file)
        .sort(),
    );
  });
});

describe.each(allSnapshots())('asl-snapshots/$file', (snapshot) => {
  const build = snapshot.build();
  const read = () => readFile(join(SNAPSHOT_DIR, snapshot.file), 'utf8');

  it('is exactly what the builder emits (npm run snapshots regenerates it)', async () => {
    expect(await read()).toBe(renderSnapshot(build.definition));
  });

  it.each(CHECKS.map((c) => [c.name, c] as const))('passes the %s check', async (_, check) => {
    const definition = JSON.parse(await read()) as StateMachine;
    expect(await check.run(definition, build.checkContext)).toStrictEqual([]);
  });
});
