/**
 * The repository's root directory, for the parts that read files of the checkout (the snapshot
 * definition, config/universe.csv, tasks/train/, .venv): the runtime, the CLI, scripts, bench and
 * tests. infra/ keeps its own (infra/app.ts): it may not import runtime/, and contracts/, which
 * both could import, stays free of node:path and node:url.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
