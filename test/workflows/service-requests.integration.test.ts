/**
 * Every registered workflow's every snapshot runs on the engine with its default input (`{}`)
 * and stand-ins (prepare-input and download Lambdas, a fake EMR backend, a local S3 behind the
 * built-in `aws-sdk:s3` integration and the Distributed Map's ItemReader/ResultWriter), so
 * every service request it makes is checked against the service's API model at run time
 * (engine/integrations/validate-request.ts): a rejected one would fail the run with the
 * service's error. Each request the histories record (TaskScheduled parameters, child
 * executions included) is checked again here, and counted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestProblems, requestSpec } from '../../asl/service-models/requests.ts';
import { stateMachineArnPlaceholder } from '../../contracts/deployment.ts';
import type { DownloadBatchEvent, DownloadEvent, ObjectResult } from '../../contracts/download.ts';
import type { HistoryEvent, LambdaHandler } from '../../engine/index.ts';
import { allSnapshots, WORKFLOWS } from '../../workflows/registry.ts';
import { run } from '../engine/helpers.ts';
import { type S3Fixture, startS3 } from '../engine/s3-fixture.ts';
import { fakeEmr, prepareInputLambda, sha256, substitutions } from './engine-support.ts';

const snapshotDir = join(import.meta.dirname, '..', '..', 'asl-snapshots');
const universe = ['AZN.L', 'BP.L', 'HSBA.L', 'SHEL.L'];

const dates = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

let s3: S3Fixture;

/** download-ticker, single (`ticker`, `from`/`to`) or batched (`Items`): bars stored in S3. */
const download: LambdaHandler = async (payload) => {
  const store = async (ticker: string, event: { interval?: string; from: string; to: string }) => {
    const objects: ObjectResult[] = [];
    for (const date of dates(event.from, event.to)) {
      const key = `raw/interval=${event.interval ?? '1m'}/date=${date}/ticker=${ticker}/bars.csv`;
      const body = `ts,open,high,low,close,volume\n${date}T08:00:00Z,1,1,1,1,100\n`;
      await s3.put(key, body);
      objects.push({
        date,
        status: 'ok',
        rows: 390,
        key,
        bytes: body.length,
        sha256: sha256(body),
      });
    }
    const last = objects.at(-1) as ObjectResult;
    return { ticker, provider: 'synthetic' as const, ...last, objects };
  };
  if ('Items' in (payload as object)) {
    const { Items, BatchInput } = payload as DownloadBatchEvent & {
      BatchInput: { from: string; to: string; interval?: string };
    };
    const results = [];
    for (const item of Items) {
      results.push(await store(typeof item === 'string' ? item : item.ticker, BatchInput));
    }
    return { results, ok: results.length, empty: 0, failed: 0 };
  }
  const event = payload as DownloadEvent & { from: string; to: string };
  return store(event.ticker, event);
};

/** Every TaskScheduled of the run and its child executions: the full Resource and the request. */
type Request = { resource: string; parameters: unknown };
const scheduledRequests = (events: HistoryEvent[]): Request[] =>
  events.flatMap((e) => {
    const d = e.taskScheduledEventDetails;
    if (e.type !== 'TaskScheduled' || d === undefined) return [];
    const resource = `arn:aws:states:::${d.resourceType}:${d.resource}`;
    return [{ resource, parameters: JSON.parse(d.parameters ?? 'null') }];
  });

beforeAll(async () => {
  s3 = await startS3(substitutions.DataBucket);
  await s3.put('config/universe.csv', `ticker,name\n${universe.map((t) => `${t},x`).join('\n')}\n`);
  // Earlier downloads, so train-model's data gate finds every session of its default window.
  for (const date of dates('2024-03-01', '2024-05-01'))
    for (const ticker of universe)
      await s3.put(`raw/interval=1m/date=${date}/ticker=${ticker}/bars.csv.gz`, 'gz');
});
afterAll(() => s3.close());

/** Nested workflows may start any registered workflow, by its ARN on the test account. */
const machineArn = (workflow: string) =>
  `arn:aws:states:us-east-1:123456789012:stateMachine:${workflow}`;
const stateMachines = Object.fromEntries(
  WORKFLOWS.map((w) => [machineArn(w.name), { definition: w.buildDefault().definition }]),
);
const machineSubstitutions = Object.fromEntries(
  WORKFLOWS.map((w) => [stateMachineArnPlaceholder(w.name), machineArn(w.name)]),
);

describe('every registered workflow’s requests satisfy the service API models', () => {
  it.each(allSnapshots().map((s) => [s.file]))('%s with its default input', async (file) => {
    const definition = JSON.parse(readFileSync(join(snapshotDir, file), 'utf8'));
    const events: HistoryEvent[] = [];
    const result = await run(
      definition,
      {},
      {
        substitutions: { ...substitutions, ...machineSubstitutions },
        lambdaHandlers: {
          'prepare-input': prepareInputLambda(universe),
          'download-ticker': download,
        },
        emr: fakeEmr(),
        s3: s3.client,
        stateMachines,
        onExecutionEvent: (event) => events.push(event),
      },
    );
    expect({ status: result.status, error: result.error, cause: result.cause }).toEqual({
      status: 'SUCCEEDED',
      error: undefined,
      cause: undefined,
    });
    const requests = scheduledRequests(events);
    const modelled = requests.filter((r) => requestSpec(r.resource) !== undefined);
    expect(modelled.length).toBeGreaterThan(0);
    expect(modelled.flatMap((r) => requestProblems(r.resource, r.parameters))).toEqual([]);
    // Every Task of these workflows calls a modelled API.
    expect(requests.filter((r) => requestSpec(r.resource) === undefined)).toEqual([]);
  });
});
