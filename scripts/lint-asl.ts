/**
 * `npm run lint:asl`: every asl-snapshots/*.asl.json must be what its registered workflow emits
 * today and must pass every static check (checks/). Prints every problem; exits 1 if any.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StateMachine } from '../asl/types.ts';
import { CHECKS, runChecks } from '../checks/index.ts';
import { allSnapshots } from '../workflows/registry.ts';
import { renderSnapshot, SNAPSHOT_DIR } from './snapshots.ts';

const main = async (): Promise<number> => {
  const files = (await readdir(SNAPSHOT_DIR)).filter((f) => f.endsWith('.asl.json')).sort();
  let failures = 0;
  if (files.length === 0) {
    console.error('asl-snapshots/ has no *.asl.json: run npm run snapshots');
    return 1;
  }
  for (const { file } of allSnapshots()) {
    if (!files.includes(file)) {
      console.error(`asl-snapshots/${file}: missing (run npm run snapshots)`);
      failures++;
    }
  }
  for (const file of files) {
    const snapshot = allSnapshots().find((s) => s.file === file);
    if (snapshot === undefined) {
      console.error(
        `asl-snapshots/${file}: no registered workflow has it (workflows/registry.ts; run npm run snapshots)`,
      );
      failures++;
      continue;
    }
    const text = await readFile(join(SNAPSHOT_DIR, file), 'utf8');
    const build = snapshot.build();
    if (text !== renderSnapshot(build.definition)) {
      console.error(
        `asl-snapshots/${file}: differs from the builder output (run npm run snapshots)`,
      );
      failures++;
    }
    const results = await runChecks(JSON.parse(text) as StateMachine, build.checkContext);
    for (const { check, problems } of results) {
      const status = problems.length === 0 ? 'ok' : `${problems.length} problem(s)`;
      console.log(`asl-snapshots/${file}: ${check}: ${status}`);
      for (const p of problems) console.log(`  - ${p}`);
      failures += problems.length;
    }
  }
  console.log(
    failures === 0
      ? `lint:asl: ${files.length} snapshot(s) x ${CHECKS.length} checks passed`
      : `lint:asl: ${failures} problem(s)`,
  );
  return failures === 0 ? 0 : 1;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
