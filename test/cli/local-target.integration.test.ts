/**
 * The local target end to end: the real CLI with the real embedded runtime (local S3, the task
 * Lambdas, the EMR emulator), synthetic market data (no network), timeScale 0. The training step
 * runs a stand-in for spark-submit (test/runtime/fixtures/stand-in-spark-submit.py) through an
 * entry file that differs from the CLI's only in that; the same outcomes on real Spark are in
 * test/runtime/runtime.e2e.test.ts. The scenarios share a state folder, so they run in order.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { sanitize } from '../../cli/progress/format.ts';
import { runLocal } from '../../runtime/runtime.ts';
import { deployRaisingTrainScript, standInTrainingSubmit } from '../runtime/helpers.ts';
import { fakeIo } from './fake-io.ts';
import { runCli, startCli, transcript } from './run-cli.ts';

/** A whole run takes seconds with the stand-in; the 2-core machine is shared. */
const RUN = 120_000;
const STAND_IN_ENTRY = 'test/cli/fixtures/start-workflow-stand-in.ts';
const tickers = 'SYN01,SYN02,SYN03,SYN04,SYN05';
let stateDir: string;
let standIn: string;
let standInUntilKilled: string;

beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'cli-local-target-'));
  standIn = standInTrainingSubmit(stateDir);
  standInUntilKilled = standInTrainingSubmit(stateDir, { untilKilled: true });
});
afterAll(() => {
  rmSync(stateDir, { recursive: true, force: true });
});

const local = () => ['--provider', 'synthetic', '--time-scale', '0', '--state-dir', stateDir];

function clusterStates(): string[] {
  const ledger = JSON.parse(readFileSync(join(stateDir, 'emr', 'clusters.json'), 'utf8')) as Array<{
    Status: { State: string };
  }>;
  return ledger.map((cluster) => cluster.Status.State);
}

describe('local target, end to end through the CLI', () => {
  it('prints the input and the estimate with --dry-run and starts nothing', async () => {
    const run = await runCli(['--dry-run', '--tickers', tickers, ...local()]);
    expect(run.code, transcript(run)).toBe(0);
    expect(run.stdout).toMatch(/^Dry run: nothing is started\./);
    expect(run.stdout).toMatch(/"SYN05"/);
    expect(run.stdout).toMatch(/billable state transitions +\d+/);
    expect(run.stdout).toMatch(/EMR \(CreateCluster\) +\d+ x m5.xlarge/);
    expect(run.stdout).toMatch(/^Estimated cost per execution: .* = \$\d+\.\d+$/m);
    expect(() => readFileSync(join(stateDir, 'emr', 'clusters.json'))).toThrow();
  });

  it(
    'runs the pipeline through the training step, exits 0 and reports data, model and metrics',
    async () => {
      const run = await runCli(
        ['--tickers', tickers, ...local()],
        { STAND_IN_SPARK_SUBMIT: standIn },
        STAND_IN_ENTRY,
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout.split('\n')[0]).toMatch(/^Running on the embedded local runtime/);
      expect(run.stdout).toMatch(/^SUCCEEDED in \d+:\d\d · mdp-\d{4}-\d\d-\d\d-[0-9a-f]{12}$/m);
      expect(run.stdout).toMatch(/downloads +5\/5 done, 0 failed/);
      expect(run.stdout).toMatch(/model +s3:\/\/[\w-]+\/models\/mdp-/);
      expect(run.stdout).toMatch(/metrics +accuracy 0\.\d{3} \(baseline 0\.\d{3}\).* rows/);
      // Piped: plain lines, no cursor movement.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting escape codes is the point
      expect(run.stdout).not.toMatch(/\u001b/);
      expect(clusterStates().every((state) => state.startsWith('TERMINATED'))).toBe(true);
    },
    RUN,
  );

  it(
    'fails with error, cause, failing state and the step stderr tail when training raises',
    async () => {
      // In-process `main` (the CLI minus its 5-line entry file) so the test can hand the runtime
      // a broken copy of the training script through runLocal's `prepare` hook.
      const io = fakeIo({ now: new Date() });
      const code = await main(
        ['--tickers', tickers, '--name', 'cli-e2e-train-raises', ...local()],
        io,
        {
          loadRuntime: async () => (options) =>
            runLocal({
              ...options,
              sparkSubmit: standIn,
              prepare: deployRaisingTrainScript('injected failure: CLI e2e copy of train_model.py'),
            }),
        },
      );
      const out = io.out();
      expect(code, out + io.err()).toBe(1);
      expect(out).toMatch(/^FAILED in /m);
      // The pipeline's task that started train-model, then where train-model itself failed.
      expect(out).toMatch(/failed state +TrainModel$/m);
      expect(out).toMatch(
        /nested run +cli-e2e-train-raises-train FAILED in Train: States.TaskFailed$/m,
      );
      expect(out).toMatch(/error +States.TaskFailed$/m);
      expect(out).toMatch(/cause +\S/);
      // The tail printed is the end of the step's stderr file, wherever the runtime wrote it.
      const header = /EMR step stderr, last (\d+) lines \((.*\/steps\/s-[A-Z0-9]+\/stderr)\):/.exec(
        out,
      );
      expect(header, out).not.toBeNull();
      const [, count, file] = header as RegExpExecArray;
      const expected = readFileSync(file as string, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-Number(count))
        .map((line) => sanitize(line));
      const printed = out
        .split('\n')
        .filter((line) => line.startsWith('    | '))
        .map((line) => line.slice(6));
      expect(printed).toStrictEqual(expected);
      expect(printed.length).toBeGreaterThan(0);
      expect(printed.length).toBeLessThanOrEqual(20);
      expect(printed).toContain('RuntimeError: injected failure: CLI e2e copy of train_model.py');
      expect(clusterStates().every((state) => state.startsWith('TERMINATED'))).toBe(true);
    },
    RUN,
  );

  it(
    'backfills three trading days with --json: one execution each, one JSON object out',
    async () => {
      const run = await runCli(
        [
          '--from',
          '2026-11-24',
          '--to',
          '2026-11-27',
          '--tickers',
          'SYN01,SYN02',
          '--json',
          ...local(),
        ],
        { STAND_IN_SPARK_SUBMIT: standIn },
        STAND_IN_ENTRY,
      );
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.backfill.skipped).toStrictEqual([
        { date: '2026-11-26', reason: 'Thanksgiving Day' },
      ]);
      expect(report.results.map((r: { date: string }) => r.date)).toStrictEqual([
        '2026-11-24',
        '2026-11-25',
        '2026-11-27',
      ]);
      for (const result of report.results) {
        expect(result).toMatchObject({ target: 'local', status: 'SUCCEEDED' });
        expect(result.summary.metrics.accuracy).toBeGreaterThanOrEqual(0);
      }
      expect(report.summary).toMatchObject({ executions: 3, succeeded: 3, failed: 0 });
      expect(run.stderr).toMatch(/^Running on the embedded local runtime/);
    },
    3 * RUN,
  );

  it(
    'aborts on Ctrl-C during training, exits 3 and leaves no cluster running',
    async () => {
      const cli = startCli(
        ['--tickers', tickers, '--name', 'cli-e2e-ctrl-c', ...local()],
        { STAND_IN_SPARK_SUBMIT: standInUntilKilled },
        STAND_IN_ENTRY,
      );
      await cli.waitFor(/spark-submit/, RUN);
      cli.child.kill('SIGINT');
      const run = await cli.done;
      expect(run.code, run.stdout + run.stderr).toBe(3);
      expect(run.stdout).toMatch(/^ABORTED/m);
      expect(clusterStates().every((state) => state.startsWith('TERMINATED'))).toBe(true);
    },
    RUN,
  );
});
