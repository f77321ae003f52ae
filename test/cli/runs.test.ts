/**
 * `npm run runs` and `npm run report`: the recorded local runs listed newest first with their
 * headline metric, as text and JSON; one run's report rebuilt; an unknown run named.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportMain, runsMain } from '../../cli/runs.ts';
import { writeRunRecord } from '../../runtime/run-record.ts';
import { findWorkflow } from '../../workflows/registry.ts';
import { fakeIo } from './fake-io.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const definition = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } });
function record(name: string, status: 'SUCCEEDED' | 'FAILED', start: string, stop: string) {
  writeRunRecord({
    options: { input: {} },
    workflow: findWorkflow('market-data-pipeline'),
    executionName: name,
    definition,
    result: {
      status,
      executionArn: `arn:aws:states:us-east-1:123456789012:execution:market-data-pipeline:${name}`,
      billableTransitions: 1,
      ...(status === 'FAILED' ? { error: 'States.TaskFailed', cause: 'boom' } : {}),
      ...(status === 'SUCCEEDED'
        ? {
            output: {
              modelPrefix: `s3://market-pipeline-data/models/${name}/`,
              tickers: { requested: 5, ok: 3, empty: 1, failed: 1 },
            },
          }
        : {}),
      events: [
        { id: 1, type: 'ExecutionStarted', timestamp: new Date(start) },
        {
          id: 2,
          type: 'SucceedStateEntered',
          previousEventId: 1,
          timestamp: new Date(start),
          stateEnteredEventDetails: { name: 'A', input: '{}' },
        },
        {
          id: 3,
          type: 'SucceedStateExited',
          previousEventId: 2,
          timestamp: new Date(stop),
          stateExitedEventDetails: { name: 'A', output: '{}' },
        },
        {
          id: 4,
          type: status === 'FAILED' ? 'ExecutionFailed' : 'ExecutionSucceeded',
          previousEventId: 3,
          timestamp: new Date(stop),
        },
      ],
    },
    locations: {
      stateDir: dir,
      s3Endpoint: 'http://127.0.0.1:1',
      s3Directory: join(dir, 's3'),
      dataBucket: 'market-pipeline-data',
      emrLedger: join(dir, 'emr', 'clusters.json'),
      emrLogsDir: join(dir, 'emr', 'logs'),
    },
  });
}

beforeAll(() => {
  record('older-ok', 'SUCCEEDED', '2026-12-01T10:00:00Z', '2026-12-01T10:02:05Z');
  record('newer-failed', 'FAILED', '2026-12-02T10:00:00Z', '2026-12-02T10:00:30Z');
  const metrics = join(dir, 's3', 'market-pipeline-data', 'models', 'older-ok');
  mkdirSync(metrics, { recursive: true });
  writeFileSync(
    join(metrics, 'metrics.json._S3rver_object'),
    JSON.stringify({
      accuracy: 0.54,
      baseline_accuracy: 0.51,
      auc: 0.55,
      rows: { total: 100, test: 20 },
    }),
  );
});

describe('npm run runs', () => {
  it('lists the recorded runs newest first with status, duration and headline metric', () => {
    const io = fakeIo();
    expect(runsMain(['--state-dir', dir], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^START\s+STATUS\s+DURATION\s+WORKFLOW\s+EXECUTION\s+TICKERS\s+HEADLINE$/,
    );
    expect(lines[1]).toMatch(
      /^2026-12-02 10:00:00Z\s+FAILED\s+0:30\s+market-data-pipeline\s+newer-failed\s+-\s+States\.TaskFailed$/,
    );
    expect(lines[2]).toContain('older-ok');
    expect(lines[2]).toContain('2:05');
    expect(lines[2]).toContain('accuracy 0.540 (baseline 0.510), AUC 0.550, 100 rows (20 test)');
    expect(lines[2]).toContain('3 ok, 1 empty, 1 failed');
  });

  it('prints JSON with --json and honours --limit', () => {
    const io = fakeIo();
    expect(runsMain(['--state-dir', dir, '--json', '--limit', '1'], io)).toBe(0);
    const runs = JSON.parse(io.out());
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      executionName: 'newer-failed',
      status: 'FAILED',
      durationSeconds: 30,
    });
  });

  it('refuses a --target other than local or aws', () => {
    const io = fakeIo();
    expect(runsMain(['--state-dir', dir, '--target', 'gcp'], io)).toBe(2);
    expect(io.err()).toContain("--target must be local or aws, got 'gcp'");
  });

  it('says so when nothing is recorded, and refuses a bad --limit', () => {
    const empty = fakeIo();
    expect(runsMain(['--state-dir', join(dir, 'none')], empty)).toBe(0);
    expect(empty.out()).toBe('no local runs recorded\n');
    const bad = fakeIo();
    expect(runsMain(['--state-dir', dir, '--limit', '0'], bad)).toBe(2);
    expect(bad.err()).toContain('--limit must be a positive integer');
  });
});

describe('npm run runs -- show', () => {
  it('shows a failed run with its failure first, its input, states and report path', () => {
    const io = fakeIo();
    expect(reportMain(['newer-failed', '--state-dir', dir], fakeIo())).toBe(0);
    expect(runsMain(['show', 'newer-failed', '--state-dir', dir], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toBe('FAILED in 0:30 · market-data-pipeline · newer-failed');
    expect(lines.slice(1, 4)).toStrictEqual([
      '  failed state  A',
      '  error         States.TaskFailed',
      '  cause         boom',
    ]);
    expect(lines).toContain('  input         {}');
    expect(lines).toContain(`  report        ${join(dir, 'runs', 'newer-failed', 'report.html')}`);
    expect(lines.at(-1)).toMatch(/^ {4}A\s+Succeed\s+failed\s+0:30$/);
  });

  it('finds a run by its ARN and prints JSON with --json, with metrics and ticker counts', () => {
    const io = fakeIo();
    const arn = 'arn:aws:states:us-east-1:123456789012:execution:market-data-pipeline:older-ok';
    expect(runsMain(['show', arn, '--json', '--state-dir', dir], io)).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({
      executionName: 'older-ok',
      executionArn: arn,
      status: 'SUCCEEDED',
      durationSeconds: 125,
      tickers: { ok: 3, empty: 1, failed: 1, source: 'output' },
      metrics: { accuracy: 0.54, baseline_accuracy: 0.51, auc: 0.55, rows: 100, testRows: 20 },
      states: [{ name: 'A', status: 'succeeded', entries: 1, retries: 0 }],
      children: [],
    });
  });

  it('fails naming the recent runs when the execution is unknown', () => {
    const io = fakeIo();
    expect(runsMain(['show', 'nope', '--state-dir', dir], io)).toBe(1);
    expect(io.err()).toContain("runs: no recorded local run 'nope'");
    expect(io.err()).toContain('recent: newer-failed, older-ok');
    expect(runsMain(['show', '--state-dir', dir], fakeIo())).toBe(2);
  });
});

describe('npm run report', () => {
  it("rebuilds a run's report and prints its path", () => {
    const io = fakeIo();
    expect(reportMain(['older-ok', '--state-dir', dir], io)).toBe(0);
    const path = join(dir, 'runs', 'older-ok', 'report.html');
    expect(io.out()).toBe(`${path}\n`);
    expect(existsSync(path)).toBe(true);
  });

  it("rebuilds the reports of a run's nested runs too, so the links between them lead to reports", () => {
    const state = join(dir, 'nested-state');
    const arn = (machine: string, name: string) =>
      `arn:aws:states:us-east-1:123456789012:execution:${machine}:${name}`;
    const nested = (name: string, machine: string, extra: Record<string, unknown>) =>
      writeRunRecord({
        options: { input: {} },
        workflow: findWorkflow(machine),
        executionName: name,
        definition,
        result: {
          status: 'SUCCEEDED',
          executionArn: arn(machine, name),
          billableTransitions: 1,
          events: [
            { id: 1, type: 'ExecutionStarted', timestamp: new Date('2026-12-03T10:00:00Z') },
          ],
        },
        locations: {
          stateDir: state,
          s3Endpoint: 'http://127.0.0.1:1',
          s3Directory: join(state, 's3'),
          dataBucket: 'market-pipeline-data',
          emrLedger: join(state, 'emr', 'clusters.json'),
          emrLogsDir: join(state, 'emr', 'logs'),
        },
        ...extra,
      });
    nested('p-1', 'market-data-pipeline', {
      children: [
        {
          executionArn: arn('collect-bars', 'p-1-collect'),
          name: 'p-1-collect',
          workflow: 'collect-bars',
          status: 'SUCCEEDED',
        },
      ],
    });
    nested('p-1-collect', 'collect-bars', {
      parentExecutionArn: arn('market-data-pipeline', 'p-1'),
    });
    const io = fakeIo();
    expect(reportMain(['p-1', '--state-dir', state], io)).toBe(0);
    expect(io.out()).toBe(`${join(state, 'runs', 'p-1', 'report.html')}\n`);
    const child = readFileSync(join(state, 'runs', 'p-1-collect', 'report.html'), 'utf8');
    expect(child).toContain(
      '"parent":{"executionArn":"arn:aws:states:us-east-1:123456789012:execution:market-data-pipeline:p-1","name":"p-1","href":"../p-1/report.html"}',
    );
  });

  it('fails naming the recent runs when the execution is unknown', () => {
    const io = fakeIo();
    expect(reportMain(['nope', '--state-dir', dir], io)).toBe(1);
    expect(io.err()).toContain("no recorded local run 'nope'");
    expect(io.err()).toContain('recent: newer-failed, older-ok');
  });

  it('is a usage error without an execution name', () => {
    const io = fakeIo();
    expect(reportMain(['--state-dir', dir], io)).toBe(2);
  });

  it("--compare writes the page of the newest run's workflow, one row per run, and prints its path", () => {
    const io = fakeIo();
    expect(reportMain(['--compare', '--state-dir', dir], io)).toBe(0);
    const path = join(dir, 'runs', 'compare-market-data-pipeline.html');
    expect(io.out()).toBe(`${path}\n`);
    const html = readFileSync(path, 'utf8');
    const data = JSON.parse(
      /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}',
    ) as { workflow: string; runs: Array<Record<string, unknown>> };
    expect(data.workflow).toBe('market-data-pipeline');
    expect(data.runs.map((r) => [r.executionName, r.status, r.href])).toStrictEqual([
      ['newer-failed', 'FAILED', 'newer-failed/report.html'],
      ['older-ok', 'SUCCEEDED', 'older-ok/report.html'],
    ]);
    expect(data.runs[1]).toMatchObject({ accuracy: 0.54, baselineAccuracy: 0.51, auc: 0.55 });
    expect(existsSync(join(dir, 'runs', 'newer-failed', 'report.html'))).toBe(true);
  });

  it('--compare fails naming the recorded workflows when the workflow has no runs', () => {
    const io = fakeIo();
    expect(reportMain(['--compare', 'nope', '--state-dir', dir], io)).toBe(1);
    expect(io.err()).toContain("no recorded local runs of 'nope'");
    expect(io.err()).toContain('workflows: market-data-pipeline');
  });
});
