/**
 * `npm run runs -- show`: the detail of one run built from a real engine history (a Map of
 * tickers with one failed, then a nested `startExecution.sync:2` run that fails): the failure
 * first, the input in short, the states entered with entries and durations, the nested run with
 * its status and error, the ticker counts, and the report path or how to write it.
 */
import { describe, expect, it } from 'vitest';
import { formatRunDetail, runDetailOf, summarizeInput } from '../../cli/run-detail.ts';
import type { RunRecord } from '../../contracts/run-record.ts';
import { runExecution } from '../../engine/index.ts';
import { buildReportModel, type HistoryEventLike } from '../../report/model.ts';

const CHILD_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:child';

const parent = {
  QueryLanguage: 'JSONata',
  StartAt: 'Download',
  States: {
    Download: {
      Type: 'Map',
      Items: '{% $states.input.tickers %}',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Get',
        States: {
          Get: {
            Type: 'Pass',
            Output:
              '{% {"ticker": $states.input, "status": $states.input = "BAD" ? "failed" : ($states.input = "NIL" ? "empty" : "ok"), "rows": 10} %}',
            End: true,
          },
        },
      },
      Next: 'Collect',
    },
    Collect: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Arguments: { StateMachineArn: CHILD_ARN, Name: 'run-1-child', Input: {} },
      End: true,
    },
  },
};
const child = {
  QueryLanguage: 'JSONata',
  StartAt: 'Boom',
  States: { Boom: { Type: 'Fail', Error: 'InvalidInputError', Cause: 'bad window' } },
};

async function detail(report?: string) {
  const input = { tickers: ['AAPL', 'BAD', 'NIL', 'MSFT', 'NVDA', 'AMZN'], date: '2026-12-04' };
  const result = await runExecution(parent, input, {
    executionName: 'run-1',
    stateMachineName: 'parent',
    timeScale: 0,
    stateMachines: { [CHILD_ARN]: { definition: child } },
  });
  const events = JSON.parse(JSON.stringify(result.events)) as HistoryEventLike[];
  const record: RunRecord = {
    version: 1,
    workflow: 'parent',
    executionName: 'run-1',
    executionArn: result.executionArn,
    status: result.status as RunRecord['status'],
    input,
    ...(result.error ? { error: result.error } : {}),
    ...(result.cause ? { cause: result.cause } : {}),
    startDate: String(events[0]?.timestamp),
    stopDate: String(events.at(-1)?.timestamp),
    definitionFile: '',
    stateDir: '/tmp',
    s3Directory: '/tmp/s3',
    dataBucket: 'b',
    clusters: [],
    billableTransitions: result.billableTransitions,
    events: events.length,
  };
  const model = buildReportModel({ definition: parent, events, record });
  return runDetailOf({
    record,
    model,
    metrics: { accuracy: 0.54, baselineAccuracy: 0.51 },
    ...(report ? { report } : { reportNote: 'not written: npm run report -- run-1' }),
  });
}

describe('runs show', () => {
  it('summarises the input in one line: arrays counted, long strings cut', () => {
    expect(summarizeInput({ date: '2026-12-04', tickers: ['A', 'B', 'C', 'D', 'E', 'F'] })).toBe(
      'date=2026-12-04, tickers=[6] A, B, C, D, E, …',
    );
    expect(summarizeInput({ name: 'x'.repeat(50), n: 3, o: { a: 1 } })).toBe(
      `name=${'x'.repeat(40)}… (50), n=3, o={1 keys}`,
    );
    expect(summarizeInput({})).toBe('{}');
  });

  it('builds the detail: failure, nested run, states, tickers', async () => {
    const d = await detail();
    expect(d).toMatchObject({
      workflow: 'parent',
      executionName: 'run-1',
      status: 'FAILED',
      failure: { state: 'Collect', error: 'States.TaskFailed' },
      children: [
        {
          state: 'Collect',
          name: 'run-1-child',
          status: 'FAILED',
          error: 'InvalidInputError',
          executionArn: 'arn:aws:states:us-east-1:123456789012:execution:child:run-1-child',
        },
      ],
      tickers: { ok: 4, empty: 1, failed: 1, source: 'history' },
      reportNote: 'not written: npm run report -- run-1',
    });
    expect(d.states.map((s) => [s.name, s.status, s.entries])).toStrictEqual([
      ['Download', 'succeeded', 1],
      ['Get', 'succeeded', 6],
      ['Collect', 'failed', 1],
    ]);
  });

  it('prints the failure first, then the run, its nested run and its states', async () => {
    const lines = formatRunDetail(await detail('/state/runs/run-1/report.html'));
    expect(lines[0]).toMatch(/^FAILED in 0:00 · parent · run-1$/);
    expect(lines[1]).toBe('  failed state  Collect');
    expect(lines[2]).toBe('  error         States.TaskFailed');
    expect(lines[3]).toBe(
      '  cause         nested run run-1-child FAILED: InvalidInputError: bad window',
    );
    expect(lines).toContain(
      '  input         tickers=[6] AAPL, BAD, NIL, MSFT, NVDA, …, date=2026-12-04',
    );
    expect(lines).toContain('  tickers       4 ok, 1 empty, 1 failed');
    expect(lines).toContain('  metrics       accuracy 0.540 (baseline 0.510)');
    expect(lines).toContain('  nested run    Collect → run-1-child FAILED (InvalidInputError)');
    expect(lines).toContain('  report        /state/runs/run-1/report.html');
    const states = lines.slice(lines.indexOf('  states entered:') + 1);
    expect(states).toHaveLength(3);
    expect(states[0]).toMatch(/^ {4}Download\s+Map\s+succeeded\s+0:00$/);
    expect(states[1]).toMatch(/^ {6}Get\s+Pass\s+succeeded\s+0:00 {2}×6$/);
    expect(states[2]).toMatch(/^ {4}Collect\s+Task\s+failed\s+0:00$/u);
  });
});
