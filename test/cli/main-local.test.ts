/**
 * `main` with the local target, driven in-process with a stand-in `runLocal` that replays a
 * recorded history: how the CLI prints, exits and reacts to Ctrl-C. The real runtime end to end
 * is in local-target.integration.test.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import type { LocalRunOptions, LocalRunResult } from '../../runtime/types.ts';
import { fakeIo } from './fake-io.ts';
import { loadRecordedHistory } from './progress/recorded.ts';

const history = loadRecordedHistory();
const logsDir = mkdtempSync(join(tmpdir(), 'cli-main-'));

function locations(extra: Partial<LocalRunResult['locations']> = {}): LocalRunResult['locations'] {
  return {
    stateDir: logsDir,
    s3Endpoint: 'http://127.0.0.1:1',
    s3Directory: join(logsDir, 's3'),
    dataBucket: 'market-pipeline-data',
    emrLedger: join(logsDir, 'emr', 'clusters.json'),
    emrLogsDir: join(logsDir, 'emr', 'logs'),
    ...extra,
  };
}

type StandIn = (options: LocalRunOptions) => Promise<LocalRunResult>;

const succeeding: StandIn = async (options) => {
  for (const event of history) options.onEvent?.(event);
  options.log?.('local S3 at http://127.0.0.1:1');
  return {
    status: 'SUCCEEDED',
    output: { modelPrefix: 's3://market-pipeline-data/models/x/' },
    executionArn: `arn:aws:states:us-east-1:123456789012:execution:local:${options.executionName}`,
    events: history,
    billableTransitions: 42,
    locations: locations({
      dataPrefix: 's3://market-pipeline-data/raw/interval=1m/date=2026-11-27/',
      modelPrefix: 's3://market-pipeline-data/models/x/',
    }),
  };
};

describe('main, local target (stand-in runtime)', () => {
  it('says on its first line that it runs on the embedded local runtime', async () => {
    const io = fakeIo();
    await main(['--tickers', 'AAPL'], io, { loadRuntime: async () => succeeding });
    expect(io.out().split('\n')[0]).toMatch(/^Running on the embedded local runtime/);
  });

  it('exits 0 and prints status, downloads, data and model on success', async () => {
    const io = fakeIo();
    const code = await main(['--tickers', 'AAPL'], io, { loadRuntime: async () => succeeding });
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^SUCCEEDED in \d+:\d\d · mdp-2026-11-27-[0-9a-f]{12}$/m);
    expect(io.out()).toMatch(/downloads +10\/10 done, 0 failed/);
    expect(io.out()).toMatch(
      /data +s3:\/\/market-pipeline-data\/raw\/interval=1m\/date=2026-11-27\//,
    );
    expect(io.out()).toMatch(/model +s3:\/\/market-pipeline-data\/models\/x\//);
  });

  it('passes the input, the name and the local flags to runLocal', async () => {
    let seen: LocalRunOptions | undefined;
    await main(
      [
        '--tickers',
        'msft,AAPL',
        '--date',
        '2026-11-25',
        '--state-dir',
        '/tmp/x',
        '--time-scale',
        '0',
      ],
      fakeIo(),
      {
        loadRuntime: async () => async (options) => {
          seen = options;
          return succeeding(options);
        },
      },
    );
    expect(seen?.input).toStrictEqual({ date: '2026-11-25', tickers: ['AAPL', 'MSFT'] });
    expect(seen?.executionName).toMatch(/^mdp-2026-11-25-/);
    expect(seen?.stateDir).toBe('/tmp/x');
    expect(seen?.timeScale).toBe(0);
  });

  it('prints only one JSON object on stdout with --json', async () => {
    const io = fakeIo();
    const code = await main(['--tickers', 'AAPL', '--json'], io, {
      loadRuntime: async () => succeeding,
    });
    expect(code).toBe(0);
    const result = JSON.parse(io.out());
    expect(result).toMatchObject({ target: 'local', status: 'SUCCEEDED', billableTransitions: 42 });
    expect(io.err()).toMatch(/^Running on the embedded local runtime/);
  });

  it('writes no control codes when stdout is not a terminal', async () => {
    const io = fakeIo({ isTTY: false });
    await main(['--tickers', 'AAPL'], io, { loadRuntime: async () => succeeding });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting escape codes is the point
    expect(io.out()).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('redraws in place when stdout is a terminal', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    try {
      const io = fakeIo({ isTTY: true });
      const drawing: StandIn = async (options) => {
        const result = await succeeding(options);
        vi.advanceTimersByTime(100); // the throttled redraw
        return result;
      };
      await main(['--tickers', 'AAPL'], io, { loadRuntime: async () => drawing });
      expect(io.out()).toContain('\u001b[2F\u001b[J');
    } finally {
      vi.useRealTimers();
    }
  });

  it('exits 1 and shows error, cause, failing state and the step stderr tail on failure', async () => {
    const stepDir = join(logsDir, 'emr', 'logs', 'j-LOCAL0000001', 'steps', 's-LOCAL0000002');
    mkdirSync(stepDir, { recursive: true });
    writeFileSync(
      join(stepDir, 'stderr'),
      `${Array.from({ length: 25 }, (_, i) => `log ${i}`).join('\n')}\nRuntimeError: injected\n`,
    );
    const failing: StandIn = async (options) => {
      const t = new Date();
      const events = [
        { id: 1, type: 'ExecutionStarted', timestamp: t },
        {
          id: 2,
          previousEventId: 1,
          type: 'TaskStateEntered',
          timestamp: t,
          stateEnteredEventDetails: { name: 'Train' },
        },
        {
          id: 3,
          previousEventId: 2,
          type: 'TaskScheduled',
          timestamp: t,
          taskScheduledEventDetails: {
            resourceType: 'elasticmapreduce',
            resource: 'addStep.sync',
            region: 'us-east-1',
            parameters: '{"ClusterId":"j-LOCAL0000001"}',
          },
        },
        {
          id: 4,
          previousEventId: 3,
          type: 'TaskFailed',
          timestamp: t,
          taskFailedEventDetails: {
            resourceType: 'elasticmapreduce',
            resource: 'addStep.sync',
            error: 'States.TaskFailed',
            cause: 'step s-LOCAL0000002 exited 1',
          },
        },
        {
          id: 5,
          previousEventId: 4,
          type: 'ExecutionFailed',
          timestamp: t,
          executionFailedEventDetails: {
            error: 'States.TaskFailed',
            cause: 'step s-LOCAL0000002 exited 1',
          },
        },
      ] as const;
      for (const event of events) options.onEvent?.(event as never);
      return {
        status: 'FAILED',
        error: 'States.TaskFailed',
        cause: 'step s-LOCAL0000002 exited 1',
        executionArn: 'arn:aws:states:us-east-1:123456789012:execution:local:x',
        events: [],
        billableTransitions: 5,
        locations: locations(),
      };
    };
    const io = fakeIo();
    const code = await main(['--tickers', 'AAPL'], io, { loadRuntime: async () => failing });
    expect(code).toBe(1);
    expect(io.out()).toMatch(/failed state +Train/);
    expect(io.out()).toMatch(/error +States.TaskFailed/);
    expect(io.out()).toMatch(/cause +step s-LOCAL0000002 exited 1/);
    expect(io.out()).toMatch(
      /EMR step stderr, last 20 lines \(.*j-LOCAL0000001\/steps\/s-LOCAL0000002\/stderr\):/,
    );
    expect(io.out()).toMatch(/\| RuntimeError: injected$/m);
  });

  it('aborts the run on Ctrl-C and exits 3', async () => {
    const io = fakeIo();
    const waitsForAbort: StandIn = async (options) => {
      setImmediate(() => io.interrupt());
      await new Promise<void>((resolve) =>
        options.signal?.addEventListener('abort', () => resolve()),
      );
      return {
        status: 'ABORTED',
        executionArn: 'arn:aws:states:us-east-1:123456789012:execution:local:x',
        events: [],
        billableTransitions: 1,
        locations: locations(),
      };
    };
    const code = await main(['--tickers', 'AAPL'], io, { loadRuntime: async () => waitsForAbort });
    expect(code).toBe(3);
    expect(io.out()).toMatch(/Aborting mdp-.*terminates its cluster/);
    expect(io.out()).toMatch(/^ABORTED/m);
  });

  it('aborts the run when Ctrl-C came while the runtime was loading', async () => {
    const io = fakeIo();
    const code = await main(['--tickers', 'AAPL'], io, {
      loadRuntime: async () => {
        io.interrupt();
        return async (options) => {
          await new Promise<void>((resolve) => {
            if (options.signal?.aborted) resolve();
            options.signal?.addEventListener('abort', () => resolve());
          });
          return {
            status: 'ABORTED',
            executionArn: 'arn:aws:states:us-east-1:123456789012:execution:local:x',
            events: [],
            billableTransitions: 0,
            locations: locations(),
          };
        };
      },
    });
    expect(code).toBe(3);
  });

  it('exits 1 with one line when the runtime cannot be loaded', async () => {
    const io = fakeIo();
    const code = await main(['--tickers', 'AAPL'], io, {
      loadRuntime: async () => {
        throw new Error('Java 17+ is required for local Spark: install openjdk-17-jre-headless');
      },
    });
    expect(code).toBe(1);
    expect(io.err().trim()).toBe(
      'start-workflow: Java 17+ is required for local Spark: install openjdk-17-jre-headless',
    );
  });

  it('exits 2 before loading anything on bad input', async () => {
    const io = fakeIo();
    let loaded = false;
    const code = await main(['--date', '2026-02-30'], io, {
      loadRuntime: async () => {
        loaded = true;
        return succeeding;
      },
    });
    expect(code).toBe(2);
    expect(loaded).toBe(false);
    expect(io.err()).toMatch(/^start-workflow: --date: '2026-02-30' is not a real date/);
  });
});

describe('main, backfill (stand-in runtime)', () => {
  it('runs one execution per trading day with bounded concurrency and prints a summary table', async () => {
    let running = 0;
    let maxRunning = 0;
    const dates: string[] = [];
    const counting: StandIn = async (options) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      dates.push(String(options.input.date));
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return options.input.date === '2026-11-24'
        ? {
            status: 'FAILED',
            error: 'InsufficientDataError',
            executionArn: 'arn:x',
            events: [],
            billableTransitions: 1,
            locations: locations(),
          }
        : succeeding(options);
    };
    const io = fakeIo();
    const code = await main(
      ['--from', '2026-11-20', '--to', '2026-11-25', '--concurrency', '2', '--tickers', 'AAPL'],
      io,
      { loadRuntime: async () => counting },
    );
    expect(code).toBe(1);
    expect(dates.sort()).toStrictEqual(['2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25']);
    expect(maxRunning).toBe(2);
    expect(io.out()).toMatch(/^date +status +duration +downloads +execution +error$/m);
    expect(io.out()).toMatch(/^2026-11-24 +FAILED .*InsufficientDataError$/m);
    expect(io.out()).toMatch(/^4 executions: 3 succeeded, 1 failed, 0 timed out or aborted$/m);
  });

  it('starts no more executions after Ctrl-C and exits 3', async () => {
    const io = fakeIo();
    let started = 0;
    const interrupting: StandIn = async (options) => {
      started += 1;
      io.interrupt();
      return { ...(await succeeding(options)), status: 'ABORTED' };
    };
    const code = await main(
      ['--from', '2026-11-20', '--to', '2026-11-25', '--tickers', 'AAPL', '--json'],
      io,
      {
        loadRuntime: async () => interrupting,
      },
    );
    expect(code).toBe(3);
    expect(started).toBe(1);
    const report = JSON.parse(io.out());
    expect(report.notStarted).toHaveLength(3);
    expect(report.summary).toMatchObject({ executions: 4, timedOutOrAborted: 1, notStarted: 3 });
  });
});
