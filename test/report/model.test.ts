/**
 * The report model from a hand-written history: statuses (succeeded, retried, caught, failed, not
 * entered), retries, the failing state, Map iterations as timeline bars and ticker rows, and
 * metrics.json's fields.
 */
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../contracts/run-record.ts';
import {
  buildReportModel,
  graphOf,
  type HistoryEventLike,
  lambdaMessage,
  parseMetrics,
  readableCause,
} from '../../report/model.ts';

const definition = {
  StartAt: 'Fetch',
  States: {
    Fetch: {
      Type: 'Task',
      Next: 'Each',
      Retry: [],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Oops' }],
    },
    Each: {
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'Get',
        States: {
          Get: { Type: 'Task', End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Note' }] },
          Note: { Type: 'Pass', End: true },
        },
      },
      Next: 'Decide',
    },
    Decide: { Type: 'Choice', Choices: [{ Next: 'Done' }], Default: 'Oops' },
    Done: { Type: 'Succeed' },
    Oops: { Type: 'Fail' },
  },
};

let id = 0;
const t0 = Date.parse('2026-12-04T10:00:00Z');
function ev(
  type: string,
  previousEventId: number,
  atMs: number,
  details: Record<string, unknown> = {},
) {
  id += 1;
  const key = type.endsWith('StateEntered')
    ? 'stateEnteredEventDetails'
    : type.endsWith('StateExited')
      ? 'stateExitedEventDetails'
      : `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`;
  return {
    id,
    previousEventId,
    type,
    timestamp: new Date(t0 + atMs).toISOString(),
    [key]: details,
  } as HistoryEventLike;
}

function history(): HistoryEventLike[] {
  id = 0;
  const e: HistoryEventLike[] = [];
  const push = (x: HistoryEventLike) => {
    e.push(x);
    return x.id;
  };
  const start = push(ev('ExecutionStarted', 0, 0));
  // Fetch: fails once, retried, succeeds.
  let p = push(ev('TaskStateEntered', start, 0, { name: 'Fetch', input: '{}' }));
  p = push(ev('TaskScheduled', p, 0));
  p = push(ev('TaskFailed', p, 100, { error: 'Flaky', cause: 'once' }));
  p = push(ev('TaskScheduled', p, 200));
  p = push(ev('TaskSucceeded', p, 300));
  p = push(ev('TaskStateExited', p, 300, { name: 'Fetch', output: '{"n":2}' }));
  // Each: two iterations; AAA ok, BBB fails and is caught.
  p = push(ev('MapStateEntered', p, 300, { name: 'Each', input: '{}' }));
  const mapStarted = push(ev('MapStateStarted', p, 300));
  const i0 = push(ev('MapIterationStarted', mapStarted, 300, { name: 'Each', index: 0 }));
  const i1 = push(ev('MapIterationStarted', mapStarted, 300, { name: 'Each', index: 1 }));
  let a = push(ev('TaskStateEntered', i0, 310, { name: 'Get', input: '{"ticker":"AAA"}' }));
  let b = push(ev('TaskStateEntered', i1, 310, { name: 'Get', input: '{"ticker":"BBB"}' }));
  a = push(ev('TaskScheduled', a, 310));
  b = push(ev('TaskScheduled', b, 310));
  a = push(ev('TaskSucceeded', a, 400));
  b = push(
    ev('TaskFailed', b, 500, {
      error: 'ProviderUnavailableError',
      cause: '{"errorType":"ProviderUnavailableError","errorMessage":"HTTP 500"}',
    }),
  );
  a = push(
    ev('TaskStateExited', a, 400, {
      name: 'Get',
      output: '{"ticker":"AAA","status":"ok","rows":390}',
    }),
  );
  b = push(
    ev('TaskStateExited', b, 500, {
      name: 'Get',
      output: '{"ticker":"BBB","status":"failed","rows":0,"error":"ProviderUnavailableError"}',
    }),
  );
  b = push(ev('PassStateEntered', b, 500, { name: 'Note', input: '{}' }));
  b = push(
    ev('PassStateExited', b, 500, {
      name: 'Note',
      output: '{"ticker":"BBB","status":"failed","rows":0,"error":"ProviderUnavailableError"}',
    }),
  );
  push(ev('MapIterationSucceeded', a, 400, { name: 'Each', index: 0 }));
  push(ev('MapIterationSucceeded', b, 500, { name: 'Each', index: 1 }));
  p = push(ev('MapStateSucceeded', mapStarted, 500));
  p = push(ev('MapStateExited', p, 500, { name: 'Each', output: '{}' }));
  p = push(ev('ChoiceStateEntered', p, 500, { name: 'Decide', input: '{}' }));
  p = push(ev('ChoiceStateExited', p, 500, { name: 'Decide', output: '{}' }));
  p = push(ev('FailStateEntered', p, 600, { name: 'Oops', input: '{}' }));
  push(ev('ExecutionFailed', p, 600, { error: 'TooFew', cause: 'only 1 of 2' }));
  return e;
}

const record = {
  version: 1,
  workflow: 'wf',
  executionName: 'x',
  executionArn: 'arn:x',
  status: 'FAILED',
  input: {},
  error: 'TooFew',
  cause: 'only 1 of 2',
  startDate: new Date(t0).toISOString(),
  stopDate: new Date(t0 + 600).toISOString(),
  definitionFile: 'd',
  stateDir: 's',
  s3Directory: 's3',
  dataBucket: 'b',
  clusters: [],
  billableTransitions: 0,
  events: 0,
} satisfies RunRecord;

describe('the report model', () => {
  it('flattens the definition: every state, inner ones under their Map, and every transition', () => {
    const g = graphOf(definition);
    expect(g.states.map((s) => [s.name, s.parent ?? ''])).toStrictEqual([
      ['Fetch', ''],
      ['Each', ''],
      ['Get', 'Each'],
      ['Note', 'Each'],
      ['Decide', ''],
      ['Done', ''],
      ['Oops', ''],
    ]);
    expect(g.edges.map((e) => `${e.from}->${e.to}:${e.kind}`)).toStrictEqual([
      'Fetch->Each:next',
      'Fetch->Oops:catch',
      'Each->Decide:next',
      'Each->Get:iterates',
      'Get->Note:catch',
      'Decide->Done:choice',
      'Decide->Oops:default',
    ]);
  });

  it('colours each state by what happened, counting retries and caught entries', () => {
    const model = buildReportModel({ definition, events: history(), record });
    const by = Object.fromEntries(model.states.map((s) => [s.name, s]));
    expect(Object.fromEntries(model.states.map((s) => [s.name, s.status]))).toStrictEqual({
      Fetch: 'retried',
      Each: 'succeeded',
      Get: 'caught',
      Note: 'succeeded',
      Decide: 'succeeded',
      Done: 'not-entered',
      Oops: 'failed',
    });
    expect(by.Fetch).toMatchObject({
      entries: 1,
      retries: 1,
      caught: 0,
      durationMs: 300,
      error: 'Flaky',
    });
    expect(by.Get).toMatchObject({ entries: 2, caught: 1, error: 'ProviderUnavailableError' });
    expect(model.failedState).toBe('Oops');
    expect(model.record.durationMs).toBe(600);
  });

  it('draws one timeline bar per top-level entry and per Map iteration', () => {
    const model = buildReportModel({ definition, events: history(), record });
    expect(model.timeline.bars.map((b) => `${b.row}:${b.status}`)).toStrictEqual([
      'Fetch:retried',
      'Each:succeeded',
      'Each #0 AAA:succeeded',
      'Each #1 BBB:caught',
      'Decide:succeeded',
      'Oops:failed',
    ]);
  });

  it('lists one ticker row per iteration with status, rows, error and the Lambda message as cause', () => {
    const model = buildReportModel({ definition, events: history(), record });
    expect(model.tickers?.map).toBe('Each');
    expect(model.tickers?.rows).toStrictEqual([
      { ticker: 'AAA', status: 'ok', rows: 390, retries: 0, durationMs: 90, iteration: 0 },
      {
        ticker: 'BBB',
        status: 'failed',
        rows: 0,
        retries: 0,
        durationMs: 190,
        iteration: 1,
        error: 'ProviderUnavailableError',
        cause: 'HTTP 500',
      },
    ]);
  });

  it('reads metrics.json: scores, the confusion matrix, importances sorted', () => {
    expect(
      parseMetrics(
        JSON.stringify({
          accuracy: 0.54,
          baseline_accuracy: 0.51,
          auc: null,
          rows: { total: 100, test: 20 },
          confusion_matrix: { tp: 5, fp: 4, tn: 6, fn: 5 },
          feature_importances: { a: 0.2, b: 0.8 },
        }),
        's3://b/m.json',
      ),
    ).toStrictEqual({
      source: 's3://b/m.json',
      accuracy: 0.54,
      baselineAccuracy: 0.51,
      rows: 100,
      testRows: 20,
      confusion: { tp: 5, fp: 4, tn: 6, fn: 5 },
      featureImportances: [
        { feature: 'b', importance: 0.8 },
        { feature: 'a', importance: 0.2 },
      ],
    });
    expect(parseMetrics('not json', 's')).toBeUndefined();
  });

  it('shortens EMR and Lambda causes to their message', () => {
    expect(
      readableCause(
        JSON.stringify({ Status: { FailureDetails: { Reason: 'Step failed', Message: 'boom' } } }),
      ),
    ).toBe('Step failed: boom');
    expect(readableCause('plain')).toBe('plain');
    expect(lambdaMessage('{"errorMessage":"HTTP 500","trace":[]}')).toBe('HTTP 500');
    expect(lambdaMessage(undefined)).toBeUndefined();
  });
});
