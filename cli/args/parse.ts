/**
 * `start-workflow` flags -> validated options. Every bad input is a UsageError (exit 2) naming the
 * flag, raised here, before any server, runtime or AWS call starts.
 */
import { Command, CommanderError, Option } from 'commander';
import type { JsonObject } from '../../asl/types.ts';
import {
  calendarFor,
  type Exchange,
  Exchanges,
  exchangeLabel,
} from '../../contracts/calendar/exchanges.ts';
import { lastCompletedSession, tradingDays } from '../../contracts/calendar/trading-days.ts';
import { DEFAULT_STACK_NAME } from '../../contracts/deployment.ts';
import { Intervals, Providers } from '../../contracts/download.ts';
import {
  DEFAULT_WORKFLOW,
  findWorkflow,
  WORKFLOWS,
  type Workflow,
} from '../../workflows/registry.ts';
import { type Assumptions, parseAssumptions } from '../assumptions.ts';
import { deployedStackName } from '../aws/stack-name.ts';
import { universeTickers } from '../definition.ts';
import { UsageError } from '../errors.ts';
import { buildInput, defaultExecutionName, EXECUTION_NAME } from '../input.ts';
import { parseTickersFlag, readTickersFile } from '../tickers.ts';
import { checkDate, checkNumber, closures, parseInputJson } from './checks.ts';
import { formatWorkflowList } from './list.ts';

export const Targets = ['local', 'aws'] as const;
export type Target = (typeof Targets)[number];

/** One execution to start. */
export type RunSpec = {
  name: string;
  input: JsonObject;
  /** The session date, when the input has one. */
  date?: string;
};

export type CliOptions = {
  /** The registered workflow to start (workflows/registry.ts). */
  workflow: string;
  target: Target;
  runs: RunSpec[];
  /** Set for `--from/--to`: the range and the days skipped as closures. */
  backfill?: { from: string; to: string; skipped: Array<{ date: string; reason: string }> };
  tickersSource: '--tickers' | '--tickers-file' | 'universe' | '--input';
  exchange: Exchange;
  dryRun: boolean;
  wait: boolean;
  json: boolean;
  verbose: boolean;
  concurrency: number;
  assumptions: Partial<Assumptions>;
  aws: {
    stateMachineArn?: string;
    stackName: string;
    stopOnInterrupt: boolean;
    pollIntervalMs: number;
  };
  local: { stateDir?: string; timeScale?: number };
};

export type ParseOutcome = { kind: 'run'; options: CliOptions } | { kind: 'exit'; code: 0 };

export type ParseContext = {
  now: Date;
  /** The default universe's tickers, for `--calendar auto` (default: the repository's file). */
  universe?: () => string[];
  /** Where help text goes. */
  writeOut: (text: string) => void;
  /** The workflows to choose from. @default WORKFLOWS (workflows/registry.ts) */
  workflows?: readonly Workflow[];
};

export const STATE_MACHINE_ARN =
  /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}(:[A-Za-z0-9_$.-]+)?$/;

type RawOptions = {
  list?: boolean;
  replaceWithFewerRows?: boolean;
  maxDepth?: string;
  testFraction?: string;
  manifest?: string;
  target: Target;
  tickers?: string;
  tickersFile?: string;
  date?: string;
  from?: string;
  to?: string;
  interval?: string;
  provider?: string;
  calendar: Exchange | 'auto';
  name?: string;
  input?: string;
  dryRun?: boolean;
  assume?: string[];
  wait: boolean;
  json?: boolean;
  verbose?: boolean;
  concurrency?: string;
  stateMachineArn?: string;
  stackName?: string;
  stopOnInterrupt?: boolean;
  pollInterval?: string;
  stateDir?: string;
  timeScale?: string;
};

export function buildProgram(): Command {
  return new Command('start-workflow')
    .description(
      'Start a registered workflow (default: market-data-pipeline) on the embedded local runtime (default) or on AWS Step Functions.',
    )
    .argument('[workflow]', 'workflow to start (see --list)', DEFAULT_WORKFLOW)
    .option('--list', 'list the workflows with their inputs and schedules, and exit')
    .addOption(new Option('--target <target>', 'where to run').choices(Targets).default('local'))
    .option(
      '--tickers <list>',
      'comma-separated tickers, e.g. AAPL,MSFT (default: the universe file)',
    )
    .option('--tickers-file <path>', 'tickers file: universe CSV (ticker,name) or one per line')
    .option('--date <YYYY-MM-DD>', 'session date (default: the last completed session)')
    .option('--from <YYYY-MM-DD>', 'backfill: first date, one execution per trading day')
    .option('--to <YYYY-MM-DD>', 'backfill: last date (default: the last completed session)')
    .option('--max-depth <n>', 'training: decision tree depth, 1 to 30')
    .option('--test-fraction <f>', 'training: held-out share, strictly between 0 and 1')
    .option('--manifest <key>', 'train-model: a collect-bars manifest key in the data bucket')
    .option(
      '--replace-with-fewer-rows',
      'let downloads with fewer rows replace stored bars (default: stored bars are kept)',
    )
    .addOption(new Option('--interval <interval>', 'bar interval').choices(Intervals))
    .addOption(new Option('--provider <provider>', 'market-data provider').choices(Providers))
    .addOption(
      new Option(
        '--calendar <exchange>',
        'trading calendar for dates and backfill (auto: lse when every ticker ends in .L, else nyse)',
      )
        .choices(['auto', ...Exchanges])
        .default('auto'),
    )
    .option(
      '--name <name>',
      'execution name (default: date + input hash, so reruns are idempotent)',
    )
    .option('--input <json>', 'raw execution input (a JSON object) instead of the input flags')
    .option('--dry-run', 'print the input and a cost estimate; start nothing')
    .option(
      '--assume <key=value>',
      'dry-run estimate assumption (repeatable; see docs/cli.md)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--no-wait', 'aws: print the execution ARN and return at once')
    .option('--json', 'print one machine-readable JSON object on stdout and nothing else')
    .option('--verbose', 'show stack traces and runtime log lines')
    .option('--concurrency <n>', 'backfill: executions at once (default: local 1, aws 4)')
    .option(
      '--state-machine-arn <arn>',
      'aws: state machine (else STATE_MACHINE_ARN, else stack outputs)',
    )
    .option(
      '--stack-name <name>',
      'aws: CloudFormation stack to read outputs from (default: cdk.json stackName, else MarketPipeline)',
    )
    .option('--stop-on-interrupt', 'aws: on Ctrl-C, stop the execution without asking')
    .option('--poll-interval <seconds>', 'aws: seconds between history polls (default 2)')
    .option(
      '--state-dir <path>',
      'local: where local S3 data, the EMR ledger and logs live (default .local)',
    )
    .option(
      '--time-scale <factor>',
      'local: scale for Wait/Retry delays and EMR provisioning (0 = instant)',
    )
    .helpOption('-h, --help', 'show this help')
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);
}

export function parseArgs(argv: string[], context: ParseContext): ParseOutcome {
  const program = buildProgram();
  let commanderMessage = '';
  program.exitOverride().configureOutput({
    writeOut: context.writeOut,
    writeErr: (text) => {
      commanderMessage += text;
    },
    outputError: (text) => {
      commanderMessage = text;
    },
  });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return { kind: 'exit', code: 0 };
      throw new UsageError(commanderMessage.trim().replace(/^error: /, '') || error.message);
    }
    throw error;
  }
  const raw = program.opts<RawOptions>();
  if (raw.list) {
    context.writeOut(`${formatWorkflowList(context.workflows ?? WORKFLOWS).join('\n')}\n`);
    return { kind: 'exit', code: 0 };
  }
  let workflow: Workflow;
  try {
    workflow = findWorkflow(
      String(program.processedArgs[0] ?? DEFAULT_WORKFLOW),
      context.workflows ?? WORKFLOWS,
    );
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { kind: 'run', options: validate(raw, workflow, context) };
}

/** The input flags, each with the input field it sets. */
const fieldOfFlag = (raw: RawOptions): Array<[string, unknown, string]> => [
  ['--tickers', raw.tickers, 'tickers'],
  ['--tickers-file', raw.tickersFile, 'tickers'],
  ['--date', raw.date, 'date'],
  ['--from', raw.from, 'from'],
  ['--to', raw.to, 'to'],
  ['--interval', raw.interval, 'interval'],
  ['--provider', raw.provider, 'provider'],
  ['--max-depth', raw.maxDepth, 'maxDepth'],
  ['--test-fraction', raw.testFraction, 'testFraction'],
  ['--manifest', raw.manifest, 'manifest'],
  ['--replace-with-fewer-rows', raw.replaceWithFewerRows, 'replaceWithFewerRows'],
];

/** A flag for an input field the workflow does not take is refused, naming what it takes. */
function checkWorkflowFlags(raw: RawOptions, workflow: Workflow): void {
  const fields = new Set(workflow.input.map((f) => f.name));
  for (const [flag, value, field] of fieldOfFlag(raw)) {
    if (value !== undefined && !fields.has(field)) {
      throw new UsageError(
        `${flag}: workflow '${workflow.name}' has no input '${field}' (its inputs: ${[...fields].join(', ') || 'none'})`,
      );
    }
  }
}

/** The training and manifest flags, checked, as input fields. */
function modelFlags(raw: RawOptions): JsonObject {
  const out: JsonObject = {};
  if (raw.maxDepth !== undefined) {
    out.maxDepth = checkNumber('--max-depth', raw.maxDepth, { min: 1, max: 30, integer: true });
  }
  if (raw.testFraction !== undefined) {
    const f = checkNumber('--test-fraction', raw.testFraction, { min: 0, max: 1 });
    if (f === 0 || f === 1) {
      throw new UsageError(`--test-fraction must be strictly between 0 and 1, got ${f}`);
    }
    out.testFraction = f;
  }
  if (raw.manifest !== undefined) {
    if (raw.manifest.trim() === '' || raw.manifest.startsWith('/')) {
      throw new UsageError(
        `--manifest must be an S3 key in the data bucket (e.g. manifests/collect-bars/<execution>.json), got '${raw.manifest}'`,
      );
    }
    out.manifest = raw.manifest;
  }
  if (raw.replaceWithFewerRows) out.replaceWithFewerRows = true;
  return out;
}

function validate(raw: RawOptions, workflow: Workflow, context: ParseContext): CliOptions {
  const target = raw.target;
  checkTargetOnlyFlags(raw);
  checkWorkflowFlags(raw, workflow);
  const ranged = workflow.dates === 'range';
  const namePrefix = executionNamePrefix(workflow.name);
  const backfill = !ranged && (raw.from !== undefined || raw.to !== undefined);
  if (raw.input !== undefined) {
    for (const [flag, value] of inputConflicts(raw)) {
      if (value !== undefined) throw new UsageError(`--input cannot be combined with ${flag}`);
    }
  }
  if (raw.tickers !== undefined && raw.tickersFile !== undefined) {
    throw new UsageError('--tickers and --tickers-file cannot be combined: pick one');
  }
  if (backfill && raw.date !== undefined) {
    throw new UsageError('--date cannot be combined with --from/--to');
  }
  if (backfill && raw.name !== undefined) {
    throw new UsageError('--name cannot be used with --from/--to: each day gets its own name');
  }
  if (!raw.wait && target !== 'aws') {
    throw new UsageError(
      '--no-wait applies to --target aws only (a local run lives in this process)',
    );
  }

  const tickers =
    raw.tickers !== undefined
      ? parseTickersFlag(raw.tickers)
      : raw.tickersFile !== undefined
        ? readTickersFile(raw.tickersFile)
        : undefined;
  const tickersSource: CliOptions['tickersSource'] =
    raw.input !== undefined
      ? '--input'
      : raw.tickers !== undefined
        ? '--tickers'
        : raw.tickersFile !== undefined
          ? '--tickers-file'
          : 'universe';
  const inputTickers = raw.input !== undefined ? parseInputJson(raw.input).tickers : undefined;
  const exchange =
    raw.calendar !== 'auto'
      ? raw.calendar
      : calendarFor(
          tickers ??
            (Array.isArray(inputTickers)
              ? inputTickers.map(String)
              : (context.universe ?? universeTickers)()),
        );
  const lastSession = lastCompletedSession(exchange, context.now);
  const inputFlags = {
    ...(tickers ? { tickers } : {}),
    ...(raw.interval ? { interval: raw.interval } : {}),
    ...(raw.provider ? { provider: raw.provider } : {}),
    ...modelFlags(raw),
  };

  let runs: RunSpec[];
  let backfillInfo: CliOptions['backfill'];
  if (raw.input !== undefined) {
    const input = parseInputJson(raw.input);
    const date = typeof input.date === 'string' ? input.date : undefined;
    runs = [
      {
        name: raw.name ?? defaultExecutionName(input, namePrefix),
        input,
        ...(date ? { date } : {}),
      },
    ];
  } else if (ranged) {
    const input: JsonObject = { ...inputFlags };
    if (raw.from !== undefined || raw.to !== undefined) {
      if (raw.from === undefined || raw.to === undefined) {
        throw new UsageError('--from and --to must be given together');
      }
      const from = checkDate('--from', raw.from, exchange, lastSession, false);
      const to = checkDate('--to', raw.to, exchange, lastSession, false);
      if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
      Object.assign(input, { from, to });
    }
    if (raw.date !== undefined) {
      input.date = checkDate('--date', raw.date, exchange, lastSession, true);
    }
    runs = [{ name: raw.name ?? defaultExecutionName(input, namePrefix), input }];
  } else if (backfill) {
    if (raw.from === undefined) throw new UsageError('--to needs --from');
    const from = checkDate('--from', raw.from, exchange, lastSession, false);
    const to = checkDate('--to', raw.to ?? lastSession, exchange, lastSession, false);
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    const days = tradingDays(exchange, from, to);
    if (days.length === 0) {
      throw new UsageError(
        `--from ${from} --to ${to}: no ${exchangeLabel(exchange)} trading day in the range`,
      );
    }
    runs = days.map((date) => {
      const input = buildInput({ ...inputFlags, date });
      return { name: defaultExecutionName(input, namePrefix), input, date };
    });
    backfillInfo = { from, to, skipped: closures(exchange, from, to) };
  } else if (workflow.input.some((f) => f.name === 'date')) {
    const date = checkDate('--date', raw.date ?? lastSession, exchange, lastSession, true);
    const input = buildInput({ ...inputFlags, date });
    runs = [{ name: raw.name ?? defaultExecutionName(input, namePrefix), input, date }];
  } else {
    // A workflow without a session date gets only the flags it takes.
    const input: JsonObject = { ...inputFlags };
    runs = [{ name: raw.name ?? defaultExecutionName(input, namePrefix), input }];
  }
  if (raw.name !== undefined && !EXECUTION_NAME.test(raw.name)) {
    throw new UsageError(`--name: '${raw.name}' must be 1-80 characters of A-Z, a-z, 0-9, - and _`);
  }
  if (raw.stateMachineArn !== undefined && !STATE_MACHINE_ARN.test(raw.stateMachineArn)) {
    throw new UsageError(
      `--state-machine-arn: '${raw.stateMachineArn}' is not a state machine ARN`,
    );
  }
  if (raw.stackName !== undefined && !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(raw.stackName)) {
    throw new UsageError(`--stack-name: '${raw.stackName}' is not a CloudFormation stack name`);
  }

  return {
    workflow: workflow.name,
    target,
    runs,
    ...(backfillInfo ? { backfill: backfillInfo } : {}),
    tickersSource,
    exchange,
    dryRun: raw.dryRun === true,
    wait: raw.wait,
    json: raw.json === true,
    verbose: raw.verbose === true,
    concurrency:
      raw.concurrency === undefined
        ? target === 'aws'
          ? 4
          : 1
        : checkNumber('--concurrency', raw.concurrency, { min: 1, max: 40, integer: true }),
    assumptions: parseAssumptions(raw.assume ?? []),
    aws: {
      ...(raw.stateMachineArn ? { stateMachineArn: raw.stateMachineArn } : {}),
      stackName: raw.stackName ?? (target === 'aws' ? deployedStackName() : DEFAULT_STACK_NAME),
      stopOnInterrupt: raw.stopOnInterrupt === true,
      pollIntervalMs:
        1000 *
        (raw.pollInterval === undefined
          ? 2
          : checkNumber('--poll-interval', raw.pollInterval, { min: 0.05, max: 300 })),
    },
    local: {
      ...(raw.stateDir ? { stateDir: raw.stateDir } : {}),
      ...(raw.timeScale !== undefined
        ? { timeScale: checkNumber('--time-scale', raw.timeScale, { min: 0, max: 1000 }) }
        : {}),
    },
  };
}

function inputConflicts(raw: RawOptions): Array<[string, unknown]> {
  return fieldOfFlag(raw).map(([flag, value]) => [flag, value]);
}

/** `market-data-pipeline` -> `mdp` (today's names), `collect-bars` -> `cb`. */
export const executionNamePrefix = (workflow: string): string =>
  workflow
    .split('-')
    .map((part) => part.charAt(0))
    .join('');

function checkTargetOnlyFlags(raw: RawOptions): void {
  const only: Record<'aws' | 'local', Array<[string, unknown]>> = {
    aws: [
      ['--state-machine-arn', raw.stateMachineArn],
      ['--stack-name', raw.stackName],
      ['--stop-on-interrupt', raw.stopOnInterrupt],
      ['--poll-interval', raw.pollInterval],
    ],
    local: [
      ['--state-dir', raw.stateDir],
      ['--time-scale', raw.timeScale],
    ],
  };
  for (const target of Targets) {
    if (target === raw.target) continue;
    for (const [flag, value] of only[target]) {
      if (value !== undefined) {
        throw new UsageError(
          `${flag} applies to --target ${target} only (target is ${raw.target})`,
        );
      }
    }
  }
}
