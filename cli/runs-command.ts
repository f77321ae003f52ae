/** `npm run runs`: the entry point; all behaviour lives in `runsMain` (cli/runs.ts). */
import { processIo } from './io.ts';
import { runsMain } from './runs.ts';

process.exitCode = runsMain(process.argv.slice(2), processIo());
