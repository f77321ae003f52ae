/**
 * `npm run asl -- <command>`: the entry point. All behaviour lives in `main` (engine/cli/main.ts).
 */
import { processIo } from './io.ts';
import { main } from './main.ts';

// Output piped into `head` closes early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const code = await main(process.argv.slice(2), processIo());
process.exitCode = code;
// A handler module's open handles (a client socket) must not hold the exit code hostage.
setTimeout(() => process.exit(code), 2000).unref();
