/**
 * `npm run snapshots`: writes every snapshot of every registered workflow (workflows/registry.ts) to
 * asl-snapshots/ as `JSON.stringify(definition, null, 2) + '\n'`, after checking that the shipped
 * universe file is well formed and has the size the default config states.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHIPPED_UNIVERSE_SIZE } from '../workflows/market-data-pipeline.ts';
import { allSnapshots } from '../workflows/registry.ts';
import { readUniverse, UNIVERSE_FILE } from './universe.ts';

export const SNAPSHOT_DIR = fileURLToPath(new URL('../asl-snapshots/', import.meta.url));

export const renderSnapshot = (definition: unknown): string =>
  `${JSON.stringify(definition, null, 2)}\n`;

const main = async () => {
  const universe = await readUniverse();
  if (universe.problems.length > 0) {
    throw new Error(`${UNIVERSE_FILE}:\n- ${universe.problems.join('\n- ')}`);
  }
  if (universe.tickers.length !== SHIPPED_UNIVERSE_SIZE) {
    throw new Error(
      `${UNIVERSE_FILE} has ${universe.tickers.length} tickers but SHIPPED_UNIVERSE_SIZE (workflows/pipeline/config.ts) says ${SHIPPED_UNIVERSE_SIZE}: update one of them`,
    );
  }
  await mkdir(SNAPSHOT_DIR, { recursive: true });
  const snapshots = allSnapshots();
  const wanted = new Set(snapshots.map((s) => s.file));
  for (const snapshot of snapshots) {
    const { definition, summary } = snapshot.build();
    await writeFile(join(SNAPSHOT_DIR, snapshot.file), renderSnapshot(definition));
    console.log(`asl-snapshots/${snapshot.file}: ${summary}`);
  }
  for (const file of await readdir(SNAPSHOT_DIR)) {
    if (file.endsWith('.asl.json') && !wanted.has(file)) {
      await rm(join(SNAPSHOT_DIR, file));
      console.log(`asl-snapshots/${file}: removed (no registered workflow has it)`);
    }
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error((err as Error).message);
    process.exitCode = 1;
  });
}
