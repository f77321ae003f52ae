/**
 * `start-workflow`: flags -> a dry run, one execution or a backfill, on the local runtime or on
 * AWS; prints the live view and the result; returns the exit code (0 succeeded, 1 failed, 2 bad
 * usage or input, 3 timed out or aborted).
 */

import { findWorkflow, type Workflow } from '../workflows/registry.ts';
import { parseArgs } from './args/parse.ts';
import type { AwsClients } from './aws/clients.ts';
import { ArnResolutionError } from './aws/state-machine-arn.ts';
import { formatBackfillTable, runBackfill } from './backfill.ts';
import { buildDryRun, formatDryRun } from './dry-run.ts';
import { ExitCode, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import type { RunLocal } from './local/target.ts';
import { createLiveView } from './progress/live.ts';
import { formatResult } from './report.ts';
import { exitCodeFor } from './result.ts';
import type { ExecutionTarget } from './target.ts';

export type MainDeps = {
  /** The embedded runtime's `runLocal` (tests may pass a stand-in). */
  loadRuntime?: () => Promise<RunLocal>;
  awsClients?: () => AwsClients;
  /** The workflows to choose from. @default WORKFLOWS (workflows/registry.ts) */
  workflows?: readonly Workflow[];
};

export async function main(argv: string[], io: Io, deps: MainDeps = {}): Promise<number> {
  const err = (line: string) => io.stderr.write(`${line}\n`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv, {
      now: io.now(),
      writeOut: (text) => io.stdout.write(text),
      ...(deps.workflows ? { workflows: deps.workflows } : {}),
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`start-workflow: ${error.message}`);
    err('Run npm run start-workflow -- --help for usage.');
    return ExitCode.Usage;
  }
  if (parsed.kind === 'exit') return parsed.code;
  const options = parsed.options;
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const json = (value: unknown) => out(JSON.stringify(value, null, 2));

  if (options.dryRun) {
    try {
      const report = buildDryRun(options);
      if (options.json) json(report);
      else for (const line of formatDryRun(report)) out(line);
      return ExitCode.Succeeded;
    } catch (error) {
      err(`start-workflow: ${(error as Error).message}`);
      return ExitCode.Failed;
    }
  }

  // With --json, stdout carries the result object only; the human lines go to stderr.
  const say = options.json ? err : out;
  const log = options.json && !options.verbose ? () => {} : say;
  const target = await createTarget(options, io, deps);
  say(target.banner);

  const interrupt = new AbortController();
  const hardInterrupt = new AbortController();
  let interrupts = 0;
  const stopListening = io.onInterrupt(() => {
    interrupts += 1;
    (interrupts === 1 ? interrupt : hardInterrupt).abort();
  });
  try {
    for (const line of await target.prepare()) say(line);

    if (options.backfill) {
      const outcome = await runBackfill(target, options.runs, {
        concurrency: options.concurrency,
        wait: options.wait,
        now: io.now,
        interrupt: interrupt.signal,
        hardInterrupt: hardInterrupt.signal,
        say,
        log,
      });
      if (options.json) {
        json({
          backfill: options.backfill,
          results: outcome.results,
          notStarted: outcome.notStarted,
          summary: outcome.summary,
        });
      } else for (const line of formatBackfillTable(outcome)) out(line);
      return outcome.exitCode;
    }

    const spec = options.runs[0];
    if (!spec) throw new Error('no execution to start');
    const mode = options.json ? 'none' : io.stdout.isTTY ? 'tty' : 'plain';
    const view = createLiveView({ mode, stream: io.stdout, now: io.now });
    say(`Execution ${spec.name}`);
    const result = await target.run(spec, {
      view,
      interrupt: interrupt.signal,
      hardInterrupt: hardInterrupt.signal,
      log: options.json && !options.verbose ? () => {} : view.log,
    });
    view.stop();
    if (result.status === 'ERROR' && result.message) err(`start-workflow: ${result.message}`);
    if (options.json) json(result);
    else for (const line of formatResult(result)) out(line);
    // --no-wait: started (or found running) is success; a detached follow is not.
    if (!options.wait && result.status === 'RUNNING') return ExitCode.Succeeded;
    return exitCodeFor(result.status);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`start-workflow: ${error.message}`);
      return ExitCode.Usage;
    }
    if (error instanceof ArnResolutionError) {
      err(`start-workflow: ${error.message}`);
      return ExitCode.Failed;
    }
    err(`start-workflow: ${(error as Error).message ?? String(error)}`);
    if (options.verbose && error instanceof Error && error.stack) err(error.stack);
    return ExitCode.Failed;
  } finally {
    stopListening();
    target.close();
  }
}

async function createTarget(
  options: Parameters<typeof buildDryRun>[0],
  io: Io,
  deps: MainDeps,
): Promise<ExecutionTarget> {
  if (options.target === 'aws') {
    const { createAwsTarget } = await import('./aws/target.ts');
    return createAwsTarget(options, io, deps.awsClients?.());
  }
  const { createLocalTarget } = await import('./local/target.ts');
  const workflow = deps.workflows
    ? findWorkflow(options.workflow, deps.workflows)
    : options.workflow;
  return createLocalTarget(options, deps.loadRuntime ?? loadRuntime, io.env, workflow);
}

/** Loaded on first use: the runtime pulls in s3rver, the Lambdas and the engine. */
async function loadRuntime(): Promise<RunLocal> {
  const { runLocal } = await import('../runtime/runtime.ts');
  return runLocal;
}
