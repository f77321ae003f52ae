import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordRun, writeRunRecord } from '../../runtime/run-record.ts';
import { findWorkflow } from '../../workflows/registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'run-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (stateDir: string) => ({
  options: { input: { tickers: ['AAPL'] } },
  workflow: findWorkflow('collect-bars'),
  executionName: 'rec-1',
  definition: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
  result: {
    status: 'FAILED' as const,
    error: 'Boom',
    cause: 'why',
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:collect-bars:rec-1',
    billableTransitions: 2,
    events: [
      { id: 1, type: 'ExecutionStarted' as const, timestamp: new Date('2026-12-04T10:00:00Z') },
      { id: 2, type: 'ExecutionFailed' as const, timestamp: new Date('2026-12-04T10:00:05Z') },
    ],
  },
  locations: {
    stateDir,
    s3Endpoint: 'http://127.0.0.1:1',
    s3Directory: join(stateDir, 's3'),
    dataBucket: 'market-pipeline-data',
    emrLedger: join(stateDir, 'emr', 'clusters.json'),
    emrLogsDir: join(stateDir, 'emr', 'logs'),
    clusters: [{ id: 'j-1', state: 'TERMINATED', steps: [] }],
  },
});

describe('run records', () => {
  it('writes record.json, history.json and the definition under runs/<execution>/, leaving no temporary file', () => {
    const folder = writeRunRecord(run(dir));
    expect(folder).toBe(join(dir, 'runs', 'rec-1'));
    expect(readdirSync(folder).sort()).toStrictEqual([
      'definition.asl.json',
      'history.json',
      'record.json',
    ]);
    const record = JSON.parse(readFileSync(join(folder, 'record.json'), 'utf8'));
    expect(record).toMatchObject({
      workflow: 'collect-bars',
      executionName: 'rec-1',
      status: 'FAILED',
      error: 'Boom',
      cause: 'why',
      input: { tickers: ['AAPL'] },
      startDate: '2026-12-04T10:00:00.000Z',
      stopDate: '2026-12-04T10:00:05.000Z',
      clusters: [{ id: 'j-1', state: 'TERMINATED' }],
      events: 2,
    });
    expect(record.definitionFile).toMatch(/asl-snapshots\/collect-bars\.asl\.json$/);
    const history = JSON.parse(readFileSync(join(folder, 'history.json'), 'utf8'));
    expect(history.map((e: { type: string }) => e.type)).toStrictEqual([
      'ExecutionStarted',
      'ExecutionFailed',
    ]);
  });

  it('logs instead of throwing when the folder cannot be written', () => {
    const lines: string[] = [];
    const blocked = join(dir, 'runs', 'rec-1', 'record.json'); // a file where a folder must go
    expect(recordRun(run(blocked), (line) => lines.push(line))).toBeUndefined();
    expect(lines.join('\n')).toMatch(/^run record: not written/);
  });
});

describe('recordRun', () => {
  it('writes the record and the report, and sets locations.report', () => {
    const state = join(dir, 'with-report');
    const given = run(state);
    const lines: string[] = [];
    expect(recordRun(given, (line) => lines.push(line))).toBe(join(state, 'runs', 'rec-1'));
    expect(given.locations).toMatchObject({ report: join(state, 'runs', 'rec-1', 'report.html') });
    expect(readFileSync(join(state, 'runs', 'rec-1', 'report.html'), 'utf8')).toMatch(
      /^<!doctype html>/,
    );
    expect(lines).toStrictEqual([
      `run record: ${join(state, 'runs', 'rec-1')}`,
      `run report: ${join(state, 'runs', 'rec-1', 'report.html')}`,
    ]);
  });

  it('keeps the record when the report cannot be written, saying how to retry', () => {
    const state = join(dir, 'bad-definition');
    const given = { ...run(state), definition: 'not json' };
    const lines: string[] = [];
    expect(recordRun(given, (line) => lines.push(line))).toBe(join(state, 'runs', 'rec-1'));
    expect(readdirSync(join(state, 'runs', 'rec-1'))).toContain('record.json');
    expect(given.locations).not.toHaveProperty('report');
    expect(lines[1]).toMatch(/^run report: not written \(.*\); npm run report -- rec-1 retries$/);
  });
});
