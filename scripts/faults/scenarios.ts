/**
 * The fault scenarios: each runs the real CLI against the local runtime in a state folder of its
 * own, injects one fault at the moment it names, reruns, and measures. See docs/reliability.md
 * ("Fault injection") for the table these produce.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeYahoo } from '../../test/runtime/fake-yahoo.ts';
import {
  type CliOptions,
  type CliProcess,
  type CliRun,
  damagedObjects,
  FaultProject,
  type Outcome,
  outcomeOf,
  type SparkMode,
  setReadOnly,
  setWritable,
  transcript,
  until,
} from './harness.ts';

export type Row = {
  scenario: string;
  injected: string;
  /** The faulted run's outcome, then the rerun's. */
  outcome: string;
  clustersLeaked: number;
  objectsLostOrCorrupted: number;
  /** Seconds from the fault to the rerun's success; undefined when it did not succeed. */
  recoverSeconds: number | undefined;
  /** Leaked clusters, damaged objects, leftover processes, what was expected and was not. */
  problems: string[];
  /** The faulted run and the rerun, for a reader chasing a problem. */
  faultRun?: CliRun;
  rerun?: CliRun;
};

export type Scenario = {
  id: string;
  injected: string;
  /** Runs in npm test (with the stand-in spark-submit); the others only in npm run faults. */
  quick: boolean;
  run: (spark: SparkMode) => Promise<Row>;
};

const tickerList = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `SYN${String(from + i).padStart(2, '0')}`).join(
    ',',
  );
/** Stored before the fault (collect-bars, no cluster): what must survive it. */
const BASE = tickerList(1, 10);
/** What the faulted run and the rerun download: the stored ten and twenty new. */
const ALL = tickerList(1, 30);
const US = 'AAPL,MSFT,AMZN,GOOG,META,NVDA,TSLA,JPM,WMT,KO';

/** What the faulted run must do; `any`: the scenario's own check says. */
type Expect = 'killed' | 'fails' | 'succeeds' | 'any';

type Plan = {
  id: string;
  injected: string;
  spark: SparkMode;
  /** Environment of every run of the scenario (a provider's base URL). */
  env?: Record<string, string>;
  /** Arguments of the baseline, faulted and rerun runs (after --state-dir). */
  baseline?: string[];
  fault: string[];
  faultOptions?: CliOptions;
  /** Before the faulted run, after the snapshot of what must survive. */
  prepare?: (p: FaultProject) => void;
  /** Resolves once the fault is injected, with a note (a string) for the table if it has one. */
  inject: (cli: CliProcess, p: FaultProject) => Promise<unknown>;
  expect: Expect;
  /** Undo the fault before the rerun (a storm ends, permissions come back). */
  restore?: (p: FaultProject) => void | Promise<void>;
  rerun?: string[];
  /** More checks once everything ran. */
  check?: (p: FaultProject, fault: CliRun, rerun: CliRun | undefined) => string[];
  /** No rerun: the faulted run itself must succeed (a clock jump is survivable). */
  noRerun?: boolean;
};

const pipeline = (...more: string[]) => [
  '--provider',
  'synthetic',
  '--tickers',
  ALL,
  '--time-scale',
  '0',
  ...more,
];
const baseline = [
  'collect-bars',
  '--provider',
  'synthetic',
  '--tickers',
  BASE,
  '--time-scale',
  '0',
];

function describe(outcome: Outcome): string {
  if (outcome.status === 'KILLED') return 'killed';
  const parts = [outcome.status];
  if (outcome.error) parts.push(outcome.error);
  if (outcome.message && outcome.status !== 'SUCCEEDED') {
    const message = outcome.message.replace(/\s+/g, ' ');
    parts.push(`"${message.length > 110 ? `${message.slice(0, 107)}...` : message}"`);
  }
  return parts.join(' ');
}

async function execute(plan: Plan): Promise<Row> {
  const p = new FaultProject(plan.spark, plan.id);
  const problems: string[] = [];
  try {
    const env = plan.env ? { env: plan.env } : {};
    const base = await p.cli(p.args(...(plan.baseline ?? baseline)), env).done;
    if (base.code !== 0) throw new Error(`baseline run failed:\n${transcript(base)}`);
    const before = p.objects();
    plan.prepare?.(p);

    const cli = p.cli(p.args(...plan.fault), {
      ...plan.faultOptions,
      env: { ...plan.env, ...plan.faultOptions?.env },
    });
    const note = await plan.inject(cli, p);
    const faultAt = Date.now();
    const fault = await cli.done;
    const faulted = outcomeOf(fault);
    if (plan.expect === 'killed' && faulted.status !== 'KILLED') {
      problems.push(`the run was not killed: ${faulted.status}`);
    }
    if (plan.expect === 'fails') {
      if (faulted.status === 'SUCCEEDED') problems.push('the faulted run succeeded');
      if (faulted.status === 'KILLED') problems.push('the faulted run was killed');
      if (!faulted.message && !faulted.error) problems.push('no error message');
    }
    if (plan.expect === 'succeeds' && faulted.status !== 'SUCCEEDED') {
      problems.push(`the run did not survive the fault: ${describe(faulted)}`);
    }
    await plan.restore?.(p);

    let rerun: CliRun | undefined;
    let recovered: Outcome | undefined;
    if (!plan.noRerun) {
      rerun = await p.cli(p.args(...(plan.rerun ?? plan.fault)), env).done;
      recovered = outcomeOf(rerun);
      if (recovered.status !== 'SUCCEEDED') problems.push(`rerun: ${describe(recovered)}`);
    }
    const leaked = p.leakedClusters();
    const damaged = damagedObjects(before, p.objects());
    const leftover = p.leftoverProcesses();
    problems.push(
      ...leaked.map((c) => `cluster left running: ${c}`),
      ...damaged,
      ...leftover.map((l) => `process left: ${l}`),
      ...(plan.check?.(p, fault, rerun) ?? []),
    );
    const succeededAt =
      recovered?.status === 'SUCCEEDED'
        ? rerun?.endedAt
        : plan.noRerun && faulted.status === 'SUCCEEDED'
          ? fault.endedAt
          : undefined;
    return {
      scenario: plan.id,
      injected: typeof note === 'string' ? `${plan.injected} (${note})`.trim() : plan.injected,
      outcome: recovered ? `${describe(faulted)}; rerun ${describe(recovered)}` : describe(faulted),
      clustersLeaked: leaked.length,
      objectsLostOrCorrupted: damaged.length,
      recoverSeconds:
        succeededAt !== undefined ? Math.round((succeededAt - faultAt) / 100) / 10 : undefined,
      problems,
      faultRun: fault,
      ...(rerun ? { rerun } : {}),
    };
  } finally {
    p.dispose();
  }
}

/** Sessions of the twenty tickers the baseline did not store (SYN11..SYN30) now stored. */
const newSessions = (p: FaultProject): number =>
  [...p.objects().keys()].filter((k) => /\/ticker=SYN(1[1-9]|2\d|30)\//.test(k)).length;

/** Resolves once the download Map runs and the first new session is stored (polled). */
async function midDownload(cli: CliProcess, p: FaultProject): Promise<void> {
  await cli.waitFor(/DownloadTickers: 0\/30 done/);
  await until(() => newSessions(p) >= 1, 120_000, 'the first new session stored');
}

/** Waits for the ledger to show a step with its process id; returns it. */
async function runningStepPid(p: FaultProject): Promise<number> {
  let pid: number | undefined;
  await until(
    () => {
      pid = p
        .clusters()
        .flatMap((c) => c.Steps.map((s) => s.Local.pid))
        .find((x) => x);
      return pid !== undefined;
    },
    120_000,
    'a running step in the ledger',
  );
  return pid as number;
}

/** A stand-in provider: Yahoo's chart API (test/runtime/fake-yahoo.ts) or a storm of errors. */
async function stormProvider(): Promise<{
  baseUrl: string;
  storm: (status: 429 | 500 | undefined) => void;
  requests: () => number;
  stop: () => Promise<void>;
}> {
  const yahoo = await startFakeYahoo(new Set());
  let status: 429 | 500 | undefined;
  let count = 0;
  const server: Server = createServer((req, res) => {
    count += 1;
    if (status === 429) {
      // Beyond MAX_RETRY_AFTER_SECONDS: not waited out in the function, thrown for the retrier.
      res.writeHead(429, { 'retry-after': '3600', 'content-type': 'application/json' }).end('{}');
      return;
    }
    if (status === 500) {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    fetch(`${yahoo.baseUrl}${req.url}`)
      .then(async (r) =>
        res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()),
      )
      .catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    storm: (s) => {
      status = s;
    },
    requests: () => count,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await yahoo.stop();
    },
  };
}

async function providerStorm(status: 429 | 500, spark: SparkMode): Promise<Row> {
  const provider = await stormProvider();
  const env = { MARKET_PIPELINE_LAMBDA_ENV_YAHOO_BASE_URL: provider.baseUrl };
  const args = ['--provider', 'yahoo', '--tickers', US, '--time-scale', '0'];
  let stormRequests = 0;
  try {
    const row = await execute({
      id: `provider-${status}-storm`,
      injected: `every provider request answers HTTP ${status}${status === 429 ? ' (Retry-After 3600 s)' : ''}, through all retries`,
      spark,
      baseline: [
        'collect-bars',
        ...args.slice(0, 2),
        '--tickers',
        'AAPL,MSFT',
        '--time-scale',
        '0',
      ],
      env,
      fault: args,
      inject: async () => {
        stormRequests = provider.requests();
        provider.storm(status);
      },
      expect: 'fails',
      restore: () => {
        stormRequests = provider.requests() - stormRequests;
        provider.storm(undefined);
      },
      // The baseline and the rerun talk to the stand-in provider too.
      rerun: args,
    });
    row.injected += ` (${stormRequests} requests refused)`;
    return row;
  } finally {
    await provider.stop();
  }
}

/** The history of the run's record, oldest event first. */
function historyTimestamps(p: FaultProject): number[] {
  const runs = join(p.stateDir, 'runs');
  const [name] = existsSync(runs) ? readdirSync(runs).filter((n) => n.startsWith('mdp-')) : [];
  if (!name) return [];
  const events = JSON.parse(readFileSync(join(runs, name, 'history.json'), 'utf8')) as Array<{
    timestamp: string;
  }>;
  return events.map((e) => Date.parse(e.timestamp));
}

function clockJump(id: string, jumpMs: number, spark: SparkMode): Promise<Row> {
  const hours = jumpMs / 3_600_000;
  return execute({
    id,
    injected: `wall clock jumps ${hours > 0 ? '+' : ''}${hours} h while the execution sleeps (CreateCluster's provisioning wait, time scale 1)`,
    spark,
    fault: ['--provider', 'synthetic', '--tickers', BASE, '--time-scale', '1'],
    inject: async (cli, p) => {
      await cli.waitFor(/EMR j-\w+ '[^']*': STARTING/);
      p.trigger('clock-offset', String(jumpMs));
    },
    expect: 'succeeds',
    noRerun: true,
    check: (p) => {
      const times = historyTimestamps(p);
      if (times.length === 0) return ['no history recorded'];
      const back = times.findIndex((t, i) => i > 0 && t < (times[i - 1] as number));
      return back >= 0 ? [`history event ${back + 1} is earlier than the one before it`] : [];
    },
  });
}

export const SCENARIOS: Scenario[] = [
  {
    id: 'kill-during-download',
    injected: 'SIGKILL to the CLI process group once the first new session is stored',
    quick: true,
    run: (spark) =>
      execute({
        id: 'kill-during-download',
        injected: '',
        spark,
        fault: pipeline(),
        inject: async (cli, p) => {
          await midDownload(cli, p);
          cli.kill();
          await cli.done;
          return `${newSessions(p)} of 20 new sessions stored when killed`;
        },
        expect: 'killed',
      }),
  },
  {
    id: 'kill-during-cluster-creation',
    injected: 'SIGKILL to the CLI process group while the cluster is STARTING (time scale 1)',
    quick: true,
    run: (spark) =>
      execute({
        id: 'kill-during-cluster-creation',
        injected: '',
        spark,
        fault: pipeline('--time-scale', '1'),
        inject: async (cli) => {
          await cli.waitFor(/EMR j-\w+ '[^']*': STARTING/);
          cli.kill();
        },
        expect: 'killed',
        rerun: pipeline(),
      }),
  },
  {
    id: 'kill-during-training',
    injected:
      'SIGKILL to the CLI process group while the Spark step runs (the step, in its own group, survives)',
    quick: true,
    run: (spark) =>
      execute({
        id: 'kill-during-training',
        injected: '',
        spark,
        fault: pipeline(),
        faultOptions: spark === 'stand-in' ? { standInWaits: true } : {},
        inject: async (cli, p) => {
          await cli.waitFor(/step s-\w+: spark-submit/);
          await runningStepPid(p);
          cli.kill();
        },
        expect: 'killed',
      }),
  },
  {
    id: 'kill-during-teardown',
    injected: 'SIGKILL to the CLI process group while the cluster is TERMINATING (time scale 1)',
    quick: true,
    run: (spark) =>
      execute({
        id: 'kill-during-teardown',
        injected: '',
        spark,
        fault: pipeline('--time-scale', '1'),
        inject: async (cli, p) => {
          // The pipeline tears down in its nested train-model run: `↳ <name>-train: TerminateCluster`.
          await cli.waitFor(/(\]|-train:) TerminateCluster$/m);
          await until(
            () => p.clusters().some((c) => c.Status.State === 'TERMINATING'),
            30_000,
            'a TERMINATING cluster',
          );
          cli.kill();
        },
        expect: 'killed',
        rerun: pipeline(),
      }),
  },
  {
    id: 'local-s3-killed',
    injected: 'the local S3 server drops every connection and stops listening mid-download',
    quick: true,
    run: (spark) =>
      execute({
        id: 'local-s3-killed',
        injected: '',
        spark,
        fault: pipeline(),
        inject: async (cli, p) => {
          await midDownload(cli, p);
          p.trigger('kill-s3');
        },
        expect: 'fails',
      }),
  },
  {
    id: 'provider-429-storm',
    injected: '',
    quick: true,
    run: (spark) => providerStorm(429, spark),
  },
  {
    id: 'provider-500-storm',
    injected: '',
    quick: true,
    run: (spark) => providerStorm(500, spark),
  },
  {
    id: 'spark-driver-killed',
    injected: "SIGKILL to the Spark step's process group (spark-submit, the driver) mid-step",
    quick: true,
    run: (spark) =>
      execute({
        id: 'spark-driver-killed',
        injected: '',
        spark,
        fault: pipeline(),
        faultOptions: spark === 'stand-in' ? { standInWaits: true } : {},
        inject: async (cli, p) => {
          await cli.waitFor(/step s-\w+: spark-submit/);
          const pid = await runningStepPid(p);
          process.kill(-pid, 'SIGKILL');
        },
        expect: 'fails',
      }),
  },
  {
    id: 'venv-missing-package',
    injected:
      "the venv's numpy unimportable (PYTHONPATH shadows it with a module raising ModuleNotFoundError)",
    quick: false,
    run: async (spark) => {
      const shadow = mkdtempSync(join(tmpdir(), 'faults-numpy-shadow-'));
      writeNumpyShadow(shadow);
      try {
        return await execute({
          id: 'venv-missing-package',
          injected: '',
          spark,
          fault: pipeline(),
          faultOptions: { env: { PYTHONPATH: shadow } },
          inject: async () => {},
          expect: 'fails',
          check: (_p, fault) =>
            /No module named 'numpy'/.test(fault.stdout)
              ? []
              : ["the failed run's output does not name the missing module"],
        });
      } finally {
        rmSync(shadow, { recursive: true, force: true });
      }
    },
  },
  {
    id: 'state-folder-read-only',
    injected:
      'the state folder (.local/) made read-only (chmod -R a-w; the CLI runs as an unprivileged user)',
    quick: true,
    run: (spark) =>
      execute({
        id: 'state-folder-read-only',
        injected: '',
        spark,
        fault: pipeline(),
        faultOptions: { uid: 65534, env: { HOME: '/tmp' } },
        prepare: (p) => setReadOnly(p.stateDir),
        inject: async () => {},
        expect: 'fails',
        check: (_p, fault) =>
          /state folder is not writable/.test(outcomeOf(fault).message ?? '')
            ? []
            : ['the refusal does not say the state folder is not writable'],
        restore: (p) => setWritable(p.stateDir),
      }),
  },
  {
    id: 'same-name-twice',
    injected: 'two CLI processes start the same execution name on one state folder at once',
    quick: true,
    run: (spark) => sameNameTwice(spark),
  },
  {
    id: 'clock-jump-forward',
    injected: '',
    quick: true,
    run: (spark) => clockJump('clock-jump-forward', 6 * 3_600_000, spark),
  },
  {
    id: 'clock-jump-back',
    injected: '',
    quick: true,
    run: (spark) => clockJump('clock-jump-back', -6 * 3_600_000, spark),
  },
];

async function sameNameTwice(spark: SparkMode): Promise<Row> {
  let second: CliProcess | undefined;
  let secondRun: CliRun | undefined;
  const row = await execute({
    id: 'same-name-twice',
    injected: '',
    spark,
    fault: pipeline('--name', 'same-name'),
    inject: async (_cli, p) => {
      second = p.cli(p.args(...pipeline('--name', 'same-name')));
    },
    expect: 'any',
    restore: async () => {
      secondRun = await second?.done;
    },
    // Once the name is free again, it runs.
    rerun: pipeline('--name', 'same-name'),
    check: (_p, fault) => {
      if (!secondRun) return ['the second process did not run'];
      const outcomes = [outcomeOf(fault), outcomeOf(secondRun)];
      const succeeded = outcomes.filter((o) => o.status === 'SUCCEEDED');
      const refused = outcomes.filter((o) => /is already running/.test(o.message ?? ''));
      return succeeded.length === 1 && refused.length === 1
        ? []
        : [`expected one run and one clear refusal, got ${outcomes.map(describe).join(' and ')}`];
    },
  });
  if (secondRun && row.faultRun) {
    const [first, rerun] = row.outcome.split('; rerun ');
    row.outcome = `first ${first}; second ${describe(outcomeOf(secondRun))}; rerun ${rerun ?? ''}`;
  }
  return row;
}

/** Fills in the per-scenario description of rows whose plan left it empty. */
export async function runScenario(scenario: Scenario, spark: SparkMode): Promise<Row> {
  const row = await scenario.run(spark);
  if (!row.injected) row.injected = scenario.injected;
  else if (scenario.injected && !row.injected.includes(scenario.injected)) {
    row.injected = `${scenario.injected} ${row.injected}`;
  }
  return row;
}

/** A `numpy` package that fails to import as a missing one does. */
export function writeNumpyShadow(dir: string): void {
  mkdirSync(join(dir, 'numpy'), { recursive: true });
  writeFileSync(
    join(dir, 'numpy', '__init__.py'),
    'raise ModuleNotFoundError("No module named \'numpy\'", name="numpy")\n',
  );
}
