/**
 * Reads the repository's universe CSV and checks it by the contract's rule (contracts/universe.ts),
 * for `npm run snapshots` and the tests of the shipped file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseUniverse, UNIVERSE_PATH, type Universe } from '../contracts/universe.ts';
import { projectRoot } from '../runtime/project-root.ts';

export const UNIVERSE_FILE = join(projectRoot, UNIVERSE_PATH);

export const readUniverse = async (file = UNIVERSE_FILE): Promise<Universe> =>
  parseUniverse(await readFile(file, 'utf8'));
