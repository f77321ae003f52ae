/**
 * `npm run start-workflow`: the CLI entry point. All behaviour lives in `main` (cli/main.ts).
 */
import { processIo } from './io.ts';
import { main } from './main.ts';

const code = await main(process.argv.slice(2), processIo());
process.exitCode = code;
// A runtime child (spark-submit) or a keep-alive socket must not hold the exit code hostage.
setTimeout(() => process.exit(code), 2000).unref();
