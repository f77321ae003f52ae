/**
 * `npm run local-s3` as a child process on a free port, over the S3 directory a local run
 * (synthetic provider, stand-in spark-submit) wrote: boto3 from the venv lists and reads a day of
 * bars and the model's metrics.json through it, and SIGTERM stops it with exit code 0.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runLocal } from '../../runtime/runtime.ts';
import { venvPython } from '../../runtime/venv.ts';
import { standInTrainingSubmit } from '../runtime/helpers.ts';
import { type CliProcess, startCli, transcript } from './run-cli.ts';

let dir: string;
let cli: CliProcess;
let printed = '';
let endpoint = '';
const execution = 'local-s3-run';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'local-s3-'));
  const stateDir = join(dir, 'state');
  const result = await runLocal({
    executionName: execution,
    stateDir,
    timeScale: 0,
    sparkSubmit: standInTrainingSubmit(dir),
    input: { tickers: ['SYN01', 'SYN02'], provider: 'synthetic' },
  });
  expect(result.status).toBe('SUCCEEDED');
  cli = startCli(['--port', '0', '--state-dir', stateDir], {}, 'cli/local-s3-command.ts');
  cli.child.stdout?.on('data', (chunk: Buffer) => {
    printed += chunk.toString();
  });
  await cli.waitFor(/Ctrl-C stops it/);
  endpoint = /local S3: (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1] ?? '';
}, 120_000);

afterAll(async () => {
  if (cli && cli.child.exitCode === null) {
    cli.child.kill('SIGTERM');
    await cli.done;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs Python in the venv with `s3` bound to a boto3 client of the served endpoint. */
function python(code: string): string {
  const prelude = [
    'import boto3, csv, gzip, io, json',
    `s3 = boto3.client('s3', endpoint_url='${endpoint}', aws_access_key_id='S3RVER', aws_secret_access_key='S3RVER', region_name='us-east-1')`,
    'B = "market-pipeline-data"',
  ].join('\n');
  return execFileSync(venvPython, ['-c', `${prelude}\n${code}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', AWS_CONFIG_FILE: '/dev/null', HOME: dir },
  });
}

it('prints an endpoint on 127.0.0.1 and the AWS CLI, boto3 and DuckDB lines for it', () => {
  expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(printed).toContain(`aws --endpoint-url ${endpoint} s3 ls s3://market-pipeline-data/`);
  expect(printed).toContain(`boto3.client('s3', endpoint_url='${endpoint}'`);
  expect(printed).toContain(`SET s3_endpoint='${endpoint.replace('http://', '')}'`);
});

it("serves a day of a ticker's bars to boto3", () => {
  const out = python(
    [
      "keys = [o['Key'] for o in s3.list_objects_v2(Bucket=B, Prefix='raw/')['Contents'] if 'ticker=SYN01/' in o['Key']]",
      "body = s3.get_object(Bucket=B, Key=sorted(keys)[0])['Body'].read()",
      "text = (gzip.decompress(body) if sorted(keys)[0].endswith('.gz') else body).decode()",
      'rows = list(csv.DictReader(io.StringIO(text)))',
      "print(json.dumps({'key': sorted(keys)[0], 'rows': len(rows), 'columns': list(rows[0].keys())}))",
    ].join('\n'),
  );
  const day = JSON.parse(out) as { key: string; rows: number; columns: string[] };
  expect(day.key).toMatch(
    /^raw\/interval=1m\/date=\d{4}-\d{2}-\d{2}\/ticker=SYN01\/bars\.csv(\.gz)?$/,
  );
  expect(day.rows).toBeGreaterThan(0);
  expect(day.columns).toEqual(expect.arrayContaining(['open', 'high', 'low', 'close', 'volume']));
});

// The pipeline trains in its nested train-model execution, `<execution>-train`.
it("serves the model's metrics.json to boto3", () => {
  const out = python(
    `print(s3.get_object(Bucket=B, Key='models/${execution}-train/metrics.json')['Body'].read().decode())`,
  );
  const metrics = JSON.parse(out) as Record<string, unknown>;
  expect(metrics).toHaveProperty('accuracy');
  expect(metrics).toHaveProperty('baseline_accuracy');
});

it('stops on SIGTERM with exit code 0', async () => {
  cli.child.kill('SIGTERM');
  const run = await cli.done;
  expect(run.code, transcript(run)).toBe(0);
  expect(run.stdout).toContain('local S3 stopped');
});
