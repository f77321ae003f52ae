import { describe, expect, it } from 'vitest';
import { formatResult, readableCause } from '../../cli/report.ts';
import type { RunResult } from '../../cli/result.ts';

const base: RunResult = {
  target: 'aws',
  name: 'mdp-2026-11-27-abc',
  input: {},
  status: 'SUCCEEDED',
};

describe('readableCause', () => {
  it("shows a failed EMR step's reason and message instead of the Step JSON", () => {
    const cause = JSON.stringify({
      Id: 's-1',
      Status: {
        State: 'FAILED',
        FailureDetails: { Reason: 'Step failed with exit code 1', Message: 'train_model: no rows' },
      },
    });
    expect(readableCause(cause)).toBe('Step failed with exit code 1: train_model: no rows');
  });

  it("shows a failed cluster's state change code and message", () => {
    const cause = JSON.stringify({
      Id: 'j-1',
      Status: {
        State: 'TERMINATED_WITH_ERRORS',
        StateChangeReason: { Code: 'BOOTSTRAP_FAILURE', Message: 'bootstrap action 1 failed' },
      },
    });
    expect(readableCause(cause)).toBe('BOOTSTRAP_FAILURE: bootstrap action 1 failed');
  });

  it('keeps a plain cause and cuts a very long one', () => {
    expect(readableCause('only 3 of 20 tickers downloaded ok')).toBe(
      'only 3 of 20 tickers downloaded ok',
    );
    expect(readableCause('x'.repeat(1000))).toHaveLength(601);
  });
});

describe('formatResult', () => {
  it('prints the metrics headline of a success', () => {
    const lines = formatResult({
      ...base,
      durationSeconds: 192,
      summary: {
        metrics: {
          accuracy: 0.5412,
          baseline_accuracy: 0.5071,
          auc: 0.552,
          rows: 7800,
          testRows: 1560,
        },
      },
    });
    expect(lines[0]).toBe('SUCCEEDED in 3:12 · mdp-2026-11-27-abc');
    expect(lines).toContain(
      '  metrics       accuracy 0.541 (baseline 0.507), AUC 0.552, 7800 rows (1560 test)',
    );
  });

  it('does not print error fields for a success', () => {
    const lines = formatResult({ ...base, error: 'X', failedState: 'Y' });
    expect(lines.join('\n')).not.toMatch(/failed state|error/);
  });

  it('prints a multi-line cause indented under its label, escaping control characters', () => {
    const lines = formatResult({ ...base, status: 'FAILED', cause: 'first\nsecond \u001b[2J' });
    expect(lines).toContain('  cause         first');
    expect(lines).toContain('                second ?[2J');
  });
});

describe('formatResult: the run report', () => {
  it("prints the local run's report path last", () => {
    const lines = formatResult({
      ...base,
      target: 'local',
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:market-data-pipeline:x',
      locations: {
        stateDir: '/s',
        s3Endpoint: 'http://127.0.0.1:1',
        s3Directory: '/s/s3',
        dataBucket: 'market-pipeline-data',
        emrLedger: '/s/emr/clusters.json',
        emrLogsDir: '/s/emr/logs',
        report: '/s/runs/x/report.html',
      },
    });
    expect(lines.at(-1)).toBe('  report        /s/runs/x/report.html');
  });
});
