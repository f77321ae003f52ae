/** `npm run report -- <execution>`: the entry point; all behaviour lives in `reportMain` (cli/runs.ts). */
import { processIo } from './io.ts';
import { reportMain } from './runs.ts';

process.exitCode = reportMain(process.argv.slice(2), processIo());
