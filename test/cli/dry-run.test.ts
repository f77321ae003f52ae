import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../asl/types.ts';
import { parseArgs } from '../../cli/args/parse.ts';
import { buildDryRun, formatDryRun } from '../../cli/dry-run.ts';

const now = new Date('2026-11-28T12:00:00Z');
const definition: StateMachine = {
  QueryLanguage: 'JSONata',
  StartAt: 'Download',
  States: {
    Download: {
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'Get',
        States: { Get: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
      },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

function options(...argv: string[]) {
  const parsed = parseArgs(argv, { now, universe: () => ['AAPL'], writeOut: () => {} });
  if (parsed.kind !== 'run') throw new Error('expected options');
  return parsed.options;
}

describe('dry run', () => {
  it('estimates from the given tickers', () => {
    const report = buildDryRun(options('--dry-run', '--tickers', 'A,B,C'), definition, 100);
    expect(report.tickers).toStrictEqual({ count: 3, source: '--tickers' });
    expect(report.estimate.perExecution.transitions).toBe(2 + 3);
  });

  it('falls back to the repository universe size without tickers', () => {
    const report = buildDryRun(options('--dry-run'), definition, 100);
    expect(report.tickers.count).toBe(100);
    expect(report.tickers.source).toMatch(/config\/universe.csv/);
  });

  it('multiplies the cost by the number of backfill executions', () => {
    const report = buildDryRun(
      options('--dry-run', '--from', '2026-11-23', '--to', '2026-11-27'),
      definition,
      10,
    );
    expect(report.estimate.executions).toBe(4);
    expect(report.estimate.totalCost).toBeCloseTo(report.estimate.perExecution.cost.total * 4, 12);
  });

  it('prints the input, the figures and every assumption with the override key', () => {
    const text = formatDryRun(
      buildDryRun(
        options('--dry-run', '--tickers', 'AAPL', '--assume', 'lambdaMemoryMb=2048'),
        definition,
        1,
      ),
    ).join('\n');
    expect(text).toMatch(/^Dry run: nothing is started\./);
    expect(text).toContain('"tickers": [');
    expect(text).toMatch(/billable state transitions +3/);
    expect(text).toMatch(/Lambda +1 invocations, 4 GB-seconds/);
    expect(text).toMatch(/lambdaMemoryMb +2048 /);
    expect(text).toMatch(/transitionPricePer1000 +0.025 /);
    expect(text).toMatch(/^Not included: /m);
  });
});
