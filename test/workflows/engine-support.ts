/**
 * In-process stand-ins for running the workflows' definitions on the engine (test/engine/helpers.ts
 * `run`): an in-memory data bucket behind the `aws-sdk:s3` actions they use, fake prepare-input and
 * download Lambdas that store what they report, and a fake EMR backend.
 */
import { createHash } from 'node:crypto';
import { vi } from 'vitest';
import type { DownloadEvent, DownloadResult, ObjectResult } from '../../contracts/download.ts';
import type { PrepareInputEvent } from '../../contracts/prepare-input.ts';
import {
  type EmrBackend,
  IntegrationError,
  type IntegrationHandler,
  type LambdaHandler,
} from '../../engine/index.ts';
import type { PipelinePlaceholder } from '../../workflows/market-data-pipeline.ts';

export const substitutions: Record<PipelinePlaceholder, string> = {
  DataBucket: 'data',
  LogsBucket: 'logs',
  PrepareInputFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:prepare-input',
  DownloadFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:download-ticker',
  EmrServiceRole: 'EMR_DefaultRole_V2',
  EmrInstanceProfile: 'EMR_EC2_DefaultRole',
  EmrSubnetId: 'subnet-0123',
  EmrSecurityConfiguration: 'market-pipeline-security',
};

const sdk = (action: string) => `arn:aws:states:::aws-sdk:s3:${action}`;

/** Base64 SHA-256, as the download Lambda reports it. */
export const sha256 = (body: string) => createHash('sha256').update(body).digest('base64');

/** The data bucket, in memory, behind putObject, getObject and listObjectsV2. */
export class FakeBucket {
  readonly objects = new Map<string, string>();
  readonly calls: string[] = [];

  put(key: string, body: string): void {
    this.objects.set(key, body);
  }

  json(key: string): unknown {
    const body = this.objects.get(key);
    if (body === undefined) throw new Error(`no object ${key}`);
    return JSON.parse(body);
  }

  integrations(): Record<string, IntegrationHandler> {
    const args = (a: unknown) => a as Record<string, unknown>;
    return {
      [sdk('putObject')]: async (a) => {
        const { Bucket, Key, Body } = args(a);
        this.calls.push(`putObject ${String(Key)}`);
        expectBucket(Bucket);
        this.put(String(Key), typeof Body === 'string' ? Body : JSON.stringify(Body));
        return { ETag: `"${sha256(String(Body)).slice(0, 8)}"` };
      },
      [sdk('getObject')]: async (a) => {
        const { Bucket, Key } = args(a);
        this.calls.push(`getObject ${String(Key)}`);
        expectBucket(Bucket);
        const body = this.objects.get(String(Key));
        if (body === undefined) {
          throw new IntegrationError('S3.NoSuchKeyException', 'The specified key does not exist.');
        }
        return { Body: body, ContentType: 'application/json', ContentLength: body.length };
      },
      [sdk('listObjectsV2')]: async (a) => {
        const { Bucket, Prefix, Delimiter, MaxKeys } = args(a);
        this.calls.push(`listObjectsV2 ${String(Prefix)}`);
        expectBucket(Bucket);
        const prefix = String(Prefix);
        const common = new Set<string>();
        for (const key of [...this.objects.keys()].sort()) {
          if (!key.startsWith(prefix)) continue;
          const cut = key.indexOf(String(Delimiter), prefix.length);
          if (cut >= 0) common.add(key.slice(0, cut + 1));
        }
        const page = [...common].slice(0, Number(MaxKeys));
        return {
          Name: Bucket,
          Prefix: prefix,
          KeyCount: page.length,
          IsTruncated: common.size > page.length,
          // S3 leaves CommonPrefixes out when there are none.
          ...(page.length > 0 ? { CommonPrefixes: page.map((p) => ({ Prefix: p })) } : {}),
        };
      },
    };
  }
}

const expectBucket = (bucket: unknown) => {
  if (bucket !== substitutions.DataBucket) throw new Error(`unexpected bucket ${String(bucket)}`);
};

/** prepare-input: the event's tickers upper-cased, else the universe. */
export const prepareInputLambda =
  (universe: readonly string[]): LambdaHandler =>
  async (payload) => {
    const event = payload as PrepareInputEvent;
    const tickers = Array.isArray(event.tickers)
      ? [...new Set((event.tickers as string[]).map((t) => t.toUpperCase()))]
      : [...universe];
    return {
      tickers,
      count: tickers.length,
      source: Array.isArray(event.tickers) ? 'input' : 'universe',
      duplicatesRemoved: 0,
    };
  };

const weekday = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6;
};

const calendarDates = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

/**
 * download-ticker for single-ticker range events: stores 390 bars per weekday in `bucket` and
 * reports every calendar date as the Lambda does (weekends empty), or, with `objectsKey`, writes
 * the stored objects there. `unknown` tickers throw UnknownTickerError.
 */
export const downloadLambda =
  (bucket: FakeBucket, unknown: readonly string[] = []): LambdaHandler =>
  async (payload) => {
    const event = payload as DownloadEvent & { from: string; to: string };
    if (unknown.includes(event.ticker)) {
      throw Object.assign(new Error(`no such symbol ${event.ticker}`), {
        name: 'UnknownTickerError',
      });
    }
    const objects: ObjectResult[] = calendarDates(event.from, event.to).map((date) => {
      const key = `raw/interval=${event.interval}/date=${date}/ticker=${event.ticker}/bars.csv`;
      if (!weekday(date)) return { date, status: 'empty', rows: 0, key, bytes: 0, sha256: '' };
      const body = `ts,open,high,low,close,volume\n${date}T08:00:00Z,1,1,1,1,100\n`;
      bucket.put(key, body);
      return { date, status: 'ok', rows: 390, key, bytes: body.length, sha256: sha256(body) };
    });
    const last = objects.at(-1) as ObjectResult;
    const result: DownloadResult = {
      ticker: event.ticker,
      status: objects.some((o) => o.status === 'ok') ? 'ok' : 'empty',
      rows: objects.reduce((n, o) => n + o.rows, 0),
      key: last.key,
      bytes: last.bytes,
      sha256: last.sha256,
      provider: event.provider,
      objects,
    };
    if (event.objectsKey === undefined) return result;
    // As the Lambda does with objectsKey: the ok objects to that key, and none in the result.
    const listed = objects
      .filter((o) => o.status === 'ok')
      .map((o) => ({
        ticker: event.ticker,
        date: o.date,
        key: o.key,
        rows: o.rows,
        sha256: o.sha256,
      }));
    bucket.put(event.objectsKey, JSON.stringify(listed));
    const { objects: _written, ...rest } = result;
    return { ...rest, objectsListed: listed.length };
  };

/** Stores one object per ticker for each date, as earlier downloads would have. */
export const storeBars = (
  bucket: FakeBucket,
  tickers: readonly string[],
  dates: readonly string[],
  interval = '1m',
) => {
  for (const date of dates)
    for (const ticker of tickers)
      bucket.put(`raw/interval=${interval}/date=${date}/ticker=${ticker}/bars.csv.gz`, 'gz');
};

export function fakeEmr(trainFails = false) {
  return {
    createCluster: vi.fn<EmrBackend['createCluster']>(async () => ({
      ClusterId: 'j-TEST',
      ClusterArn: 'arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-TEST',
    })),
    addStep: vi.fn<EmrBackend['addStep']>(async () => {
      if (trainFails) {
        throw new IntegrationError(
          'States.TaskFailed',
          'Step train-model failed: spark-submit exited with code 3',
        );
      }
      return { StepId: 's-TEST' };
    }),
    terminateCluster: vi.fn<EmrBackend['terminateCluster']>(async () => ({})),
  };
}

/** The Spark script's arguments of the first addStep call. */
export const stepArgs = (emr: ReturnType<typeof fakeEmr>): string[] => {
  const request = emr.addStep.mock.calls[0]?.[0];
  if (request === undefined) throw new Error('addStep was not called');
  return (request.Step as { HadoopJarStep: { Args: string[] } }).HadoopJarStep.Args;
};

/** The value after `flag` in a list of arguments. */
export const argAfter = (args: readonly string[], flag: string): string | undefined =>
  args[args.indexOf(flag) + 1];
