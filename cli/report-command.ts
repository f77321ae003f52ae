/**
 * `npm run report`: the entry point; all behaviour lives in `reportMain` (cli/runs.ts), or for
 * `--target aws <execution ARN>` in `reportAwsMain` (cli/report-aws.ts).
 */
import { processIo } from './io.ts';
import { reportMain } from './runs.ts';

const argv = process.argv.slice(2);
const aws = argv.some(
  (a, i) => a === '--target=aws' || (a === '--target' && argv[i + 1] === 'aws'),
);
if (aws) {
  const { reportAwsMain } = await import('./report-aws.ts');
  const { createAwsClients } = await import('./aws/clients.ts');
  process.exitCode = await reportAwsMain(argv, processIo(), createAwsClients);
} else {
  process.exitCode = reportMain(argv, processIo());
}
