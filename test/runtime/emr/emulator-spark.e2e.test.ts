/**
 * The EMR emulator with real spark-submit from the project venv (prepared on first use): a small
 * PySpark job reads staged Hive-partitioned CSV and writes a DataFrame and a JSON file, which
 * must reach local S3 as EMRFS would show them (no .crc files, no _temporary/).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalEmr, type LocalEmr } from '../../../runtime/emr/emulator.ts';
import { type LocalS3, startLocalS3 } from '../../../runtime/s3-server.ts';
import { clusterRequest, sparkStep, taskContext } from '../helpers.ts';

const job = `
import json, os, sys
from pyspark.sql import SparkSession
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
spark = SparkSession.builder.appName("emulator-test").getOrCreate()
df = spark.read.option("header", True).csv(args["--input"].split(","))
rows = df.count()
tickers = sorted(r.ticker for r in df.select("ticker").distinct().collect())
df.write.mode("overwrite").parquet(os.path.join(args["--output"], "bars"))
with open(os.path.join(args["--output"], "metrics.json"), "w") as f:
    json.dump({"rows": rows, "tickers": tickers}, f)
spark.stop()
`;

let dir: string;
let s3: LocalS3;
let emr: LocalEmr;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'local-emr-spark-'));
  s3 = await startLocalS3({ directory: join(dir, 's3'), buckets: ['data', 'logs'] });
  emr = createLocalEmr({ stateDir: dir, s3: s3.client, timeScale: 0 });
  const put = (Key: string, Body: string) =>
    s3.client.send(new PutObjectCommand({ Bucket: 'data', Key, Body }));
  await put('code/job.py', job);
  await put(
    'raw/date=2026-11-27/ticker=AAA/bars.csv',
    'ts,close\n2026-11-27T14:30:00Z,1\n2026-11-27T14:31:00Z,2\n',
  );
  await put('raw/date=2026-11-27/ticker=BBB/bars.csv', 'ts,close\n2026-11-27T14:30:00Z,3\n');
});
afterAll(async () => {
  emr.close();
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('EMR emulator with real spark-submit', () => {
  it('runs a PySpark step on staged inputs and publishes its outputs to local S3', async () => {
    const { ClusterId } = await emr.createCluster(clusterRequest(), taskContext());
    await emr.addStep(
      {
        ClusterId,
        Step: sparkStep('s3://data/code/job.py', [
          '--input',
          's3://data/raw/date=2026-11-27/',
          '--output',
          's3://data/out/run/',
        ]),
      },
      taskContext(),
    );
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: 'data', Prefix: 'out/run/' }),
    );
    const keys = (listed.Contents ?? []).map((o) => o.Key as string);
    expect(keys).toContain('out/run/metrics.json');
    expect(keys).toContain('out/run/bars/_SUCCESS');
    expect(keys.some((k) => /out\/run\/bars\/part-.*\.parquet$/.test(k))).toBe(true);
    expect(keys.filter((k) => k.endsWith('.crc') || k.includes('_temporary'))).toStrictEqual([]);
    const got = await s3.client.send(
      new GetObjectCommand({ Bucket: 'data', Key: 'out/run/metrics.json' }),
    );
    expect(
      JSON.parse(await (got.Body as { transformToString(): Promise<string> }).transformToString()),
    ).toStrictEqual({
      rows: 3,
      tickers: ['AAA', 'BBB'],
    });
  }, 300_000);

  it('puts the Python driver traceback in the step stderr and the failure cause', async () => {
    await s3.client.send(
      new PutObjectCommand({
        Bucket: 'data',
        Key: 'code/raises.py',
        Body: 'import sys\nprint("to stdout")\nraise ValueError("bad bars in the input")\n',
      }),
    );
    const { ClusterId } = await emr.createCluster(clusterRequest(), taskContext());
    const failure = await emr
      .addStep({ ClusterId, Step: sparkStep('s3://data/code/raises.py') }, taskContext())
      .then(
        () => undefined,
        (err: Error) => err,
      );
    const step = JSON.parse(failure?.message ?? '{}');
    expect(step.Status.FailureDetails.Reason).toBe('Step failed with exit code 1');
    expect(step.Status.FailureDetails.Message).toContain('ValueError: bad bars in the input');
    const logDir = join(dir, 'emr', 'logs', ClusterId, 'steps', step.Id);
    expect(readFileSync(join(logDir, 'stderr'), 'utf8')).toContain(
      'Traceback (most recent call last)',
    );
    expect(readFileSync(join(logDir, 'stdout'), 'utf8')).toContain('to stdout');
  }, 300_000);
});
