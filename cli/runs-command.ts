/**
 * `npm run runs`: the entry point; all behaviour lives in `runsMain` (cli/runs.ts), or for
 * `--target aws` in `runsAwsMain` (cli/runs-aws.ts).
 */
import { processIo } from './io.ts';
import { runsMain } from './runs.ts';

const argv = process.argv.slice(2);
const aws = argv.some(
  (a, i) => a === '--target=aws' || (a === '--target' && argv[i + 1] === 'aws'),
);
if (aws) {
  const { runsAwsMain } = await import('./runs-aws.ts');
  const { createAwsClients } = await import('./aws/clients.ts');
  process.exitCode = await runsAwsMain(argv, processIo(), createAwsClients);
} else {
  process.exitCode = runsMain(argv, processIo());
}
