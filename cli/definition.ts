/**
 * The pipeline definition and default universe as the repository holds them, for `--dry-run`
 * (which must work offline, so it reads the committed snapshot rather than a deployed machine).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StateMachine } from '../workflows/asl/types.ts';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** TODO(builders): import the snapshot path from workflows/ once it lands. */
export const SNAPSHOT_PATH = join('asl-snapshots', 'market-data-pipeline.asl.json');
export const UNIVERSE_PATH = join('config', 'universe.csv');

export function loadPipelineDefinition(root = PROJECT_ROOT): StateMachine {
  const path = join(root, SNAPSHOT_PATH);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the pipeline definition ${path}: run npm run snapshots`, {
      cause: error,
    });
  }
  return JSON.parse(text) as StateMachine;
}

/** Rows of the repository's universe file (the deployed copy may differ); undefined if absent. */
export function countUniverse(root = PROJECT_ROOT): number | undefined {
  try {
    const lines = readFileSync(join(root, UNIVERSE_PATH), 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    return lines[0]?.toLowerCase().startsWith('ticker') ? lines.length - 1 : lines.length;
  } catch {
    return undefined;
  }
}
