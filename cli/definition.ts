/**
 * A workflow's definition and the default universe as the repository holds them, for `--dry-run`
 * (which must work offline, so it reads the committed snapshot rather than a deployed machine).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StateMachine } from '../asl/types.ts';
import { UNIVERSE_PATH } from '../contracts/universe.ts';
import { projectRoot } from '../runtime/project-root.ts';
import { DEFAULT_WORKFLOW, findWorkflow } from '../workflows/registry.ts';

/** A workflow's default snapshot (the one the stack deploys and the local runtime runs). */
export const snapshotPath = (workflow: string): string =>
  join('asl-snapshots', findWorkflow(workflow).snapshots[0]?.file ?? `${workflow}.asl.json`);

/** The default pipeline's snapshot. */
export const SNAPSHOT_PATH = snapshotPath(DEFAULT_WORKFLOW);

export function loadWorkflowDefinition(workflow: string, root = projectRoot): StateMachine {
  const path = join(root, snapshotPath(workflow));
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${workflow} definition ${path}: run npm run snapshots`, {
      cause: error,
    });
  }
  return JSON.parse(text) as StateMachine;
}

/** Tickers of the repository's universe file (the deployed copy may differ); [] if absent. */
export function universeTickers(root = projectRoot): string[] {
  let text: string;
  try {
    text = readFileSync(join(root, UNIVERSE_PATH), 'utf8');
  } catch {
    return [];
  }
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const rows = lines[0]?.toLowerCase().startsWith('ticker') ? lines.slice(1) : lines;
  return rows.map((line) => (line.split(',')[0] ?? '').trim()).filter((ticker) => ticker !== '');
}

export function countUniverse(root = projectRoot): number | undefined {
  const tickers = universeTickers(root);
  return tickers.length > 0 ? tickers.length : undefined;
}
