/** Runs the Python test suite (`test/**\/test_*.py`) in the project venv, creating it if needed. */
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../runtime/project-root.ts';
import { ensureVenv } from '../runtime/venv.ts';

const python = ensureVenv();
const result = spawnSync(python, ['-m', 'pytest', '-q', 'test', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
