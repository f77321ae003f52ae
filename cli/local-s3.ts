/**
 * `npm run local-s3`: serves the local runtime's S3 (`<stateDir>/s3`) with s3rver on a fixed
 * local port until stopped, so the AWS CLI, boto3, pandas or DuckDB can read what local runs wrote.
 * Prints the endpoint and the lines that point each client at it.
 */
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { type LocalS3, startLocalS3 } from '../runtime/s3-server.ts';
import { localBuckets } from '../runtime/substitutions.ts';
import { parseUserArgs } from './args/commander.ts';
import { ExitCode } from './errors.ts';
import type { Io } from './io.ts';
import { defaultStateDir } from './runs.ts';

/** The port `npm run local-s3` listens on unless `--port` says otherwise. */
export const DEFAULT_LOCAL_S3_PORT = 4569;

/** The lines that point the AWS CLI, boto3, pandas and DuckDB at `endpoint`. */
export function clientLines(endpoint: string, bucket: string = localBuckets.data): string[] {
  const host = endpoint.replace(/^https?:\/\//, '');
  return [
    `local S3: ${endpoint} (s3rver; access key S3RVER, secret S3RVER, any region)`,
    '',
    'AWS CLI:',
    `  AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER aws --endpoint-url ${endpoint} s3 ls s3://${bucket}/`,
    '',
    'boto3:',
    `  s3 = boto3.client('s3', endpoint_url='${endpoint}', aws_access_key_id='S3RVER', aws_secret_access_key='S3RVER', region_name='us-east-1')`,
    `  s3.list_objects_v2(Bucket='${bucket}', Prefix='raw/')`,
    '',
    'pandas (through boto3; bars are gzipped as bars.csv.gz unless the run turned gzip off):',
    `  pandas.read_csv(io.BytesIO(s3.get_object(Bucket='${bucket}', Key='raw/interval=1m/date=<date>/ticker=<ticker>/bars.csv.gz')['Body'].read()), compression='gzip')`,
    '',
    'DuckDB (httpfs):',
    `  SET s3_endpoint='${host}'; SET s3_use_ssl=false; SET s3_url_style='path';`,
    `  SET s3_access_key_id='S3RVER'; SET s3_secret_access_key='S3RVER'; SET s3_region='us-east-1';`,
    `  SELECT * FROM read_csv_auto('s3://${bucket}/raw/interval=1m/date=*/ticker=*/bars.csv.gz', hive_partitioning=true);`,
    '',
    'Ctrl-C stops it.',
  ];
}

/** Starts the server on `stateDir`/s3; resolves once it listens. */
export async function serveLocalS3(stateDir: string, port: number): Promise<LocalS3> {
  return startLocalS3({
    directory: join(stateDir, 's3'),
    buckets: [localBuckets.data, localBuckets.logs],
    port,
  });
}

/**
 * `npm run local-s3 [-- --port <n>] [--state-dir <path>]`: serves until SIGINT or SIGTERM
 * (`stopped` resolves), then stops the server and returns the exit code.
 */
export async function localS3Main(
  argv: string[],
  io: Io,
  stopped: (stop: () => void) => void,
): Promise<number> {
  const cmd = new Command('local-s3')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .description("Serve the local runtime's S3 (<stateDir>/s3) on 127.0.0.1 until stopped.")
    .option('--port <n>', `the port (0 = a free one; default ${DEFAULT_LOCAL_S3_PORT})`)
    .option('--state-dir <path>', 'where the local runtime keeps its state (default .local)');
  const exit = parseUserArgs(cmd, argv);
  if (exit !== undefined) return exit;
  const opts = cmd.opts<{ port?: string; stateDir?: string }>();
  const port = opts.port === undefined ? DEFAULT_LOCAL_S3_PORT : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`local-s3: --port must be an integer from 0 to 65535, got '${opts.port}'\n`);
    return ExitCode.Usage;
  }
  const stateDir = resolve(opts.stateDir ?? defaultStateDir);
  let server: LocalS3;
  try {
    server = await serveLocalS3(stateDir, port);
  } catch (error) {
    io.stderr.write(`local-s3: cannot serve on 127.0.0.1:${port}: ${(error as Error).message}\n`);
    return ExitCode.Failed;
  }
  io.stdout.write(`serving ${server.directory}\n`);
  for (const line of clientLines(server.endpoint)) io.stdout.write(`${line}\n`);
  await new Promise<void>((done) => stopped(done));
  await server.stop();
  io.stdout.write('local S3 stopped\n');
  return ExitCode.Succeeded;
}
