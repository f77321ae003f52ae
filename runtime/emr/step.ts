/**
 * Executes one EMR step locally: `command-runner.jar` with `spark-submit ...` runs the venv's
 * spark-submit with `--master local[*]`, its s3:// inputs staged into the step's work folder and
 * its outputs published back to local S3 when it completes. stdout/stderr go to
 * `<stateDir>/emr/logs/<cluster>/steps/<step>/` (EMR's LogUri layout, plain text locally), with
 * a `controller` log saying what was run, as EMR's controller log does.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { runStepProcess, tailLines } from './process.ts';
import { planSparkStep } from './spark-submit.ts';
import { publishOutputs, stageInputs } from './staging.ts';

/** Lines of stderr carried in a failed step's FailureDetails (and so in the task's Cause). */
export const stderrTailLines = 20;

export type StepOutcome =
  | { state: 'COMPLETED'; exitCode: 0 }
  | { state: 'CANCELLED' }
  | {
      state: 'FAILED';
      exitCode: number | null;
      reason: string;
      /** What went wrong, with the last lines of stderr. */
      message: string;
    };

export type StepRun = {
  stepId: string;
  jar: string;
  args: string[];
  workDir: string;
  logDir: string;
  /** The cluster's applications (EMR installs spark-submit only with Spark). */
  applications: string[];
  s3: S3Client;
  signal: AbortSignal;
  sparkSubmit: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  onCommand: (command: string[]) => Promise<void>;
  onStart: (pid: number) => void;
};

const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * spark-submit runs a Python application's driver with its stderr merged into the JVM's stdout,
 * so a traceback (or the job's one-line reason for a bad input) would land in `stdout`. A small
 * wrapper, set as PYSPARK_DRIVER_PYTHON, sends the driver's stderr to the step's `stderr` instead,
 * where the failure Cause and a reader of the step logs look for it. (On EMR in cluster mode the
 * driver's output is in the YARN container logs; locally there is no container.)
 */
async function pythonDriverToStderr(
  env: NodeJS.ProcessEnv,
  workDir: string,
  stderrFile: string,
): Promise<NodeJS.ProcessEnv> {
  const python = env.PYSPARK_DRIVER_PYTHON ?? env.PYSPARK_PYTHON ?? 'python3';
  const wrapper = join(workDir, 'driver-python');
  await writeFile(
    wrapper,
    `#!/bin/sh\nexec ${shellQuote(python)} "$@" 2>>${shellQuote(stderrFile)}\n`,
    { mode: 0o755 },
  );
  return { ...env, PYSPARK_DRIVER_PYTHON: wrapper };
}

function failed(reason: string, message: string, exitCode: number | null = null): StepOutcome {
  return { state: 'FAILED', exitCode, reason, message };
}

export async function executeStep(run: StepRun): Promise<StepOutcome> {
  await mkdir(run.workDir, { recursive: true });
  await mkdir(run.logDir, { recursive: true });
  const stdoutFile = join(run.logDir, 'stdout');
  const stderrFile = join(run.logDir, 'stderr');
  const controller = join(run.logDir, 'controller');
  const note = (line: string): Promise<void> =>
    appendFile(controller, `${new Date().toISOString()} ${line}\n`);
  await writeFile(controller, '');

  if (run.jar !== 'command-runner.jar') {
    const why = `Local EMR emulator runs command-runner.jar steps only, got Jar '${run.jar}'`;
    await note(why);
    return failed('Unsupported step', why);
  }
  if (run.args[0] !== 'spark-submit') {
    const why = `Local EMR emulator runs only spark-submit through command-runner.jar, got '${run.args[0] ?? ''}'`;
    await note(why);
    return failed('Unsupported step', why);
  }
  if (!run.applications.some((a) => a.toLowerCase() === 'spark')) {
    // What EMR does: the cluster has no Spark installed, so the command is not found.
    const text =
      'spark-submit: command not found (the cluster was created without the Spark application)';
    await writeFile(stderrFile, `${text}\n`);
    await note(text);
    return failed('Step failed with exit code 127', text, 127);
  }

  let plan: ReturnType<typeof planSparkStep>;
  try {
    plan = planSparkStep(run.args.slice(1), run.workDir);
  } catch (err) {
    await note((err as Error).message);
    return failed('Invalid spark-submit arguments', (err as Error).message);
  }

  let sparkSubmit: string;
  try {
    sparkSubmit = await run.sparkSubmit();
  } catch (err) {
    await note((err as Error).message);
    return failed('Local requirement missing', (err as Error).message);
  }
  if (run.signal.aborted) return { state: 'CANCELLED' };

  const staged = await stageInputs(run.s3, plan.inputs);
  await note(
    `staged ${staged} file(s) from ${plan.inputs.map((i) => i.uri).join(', ') || 'nothing'}`,
  );
  for (const output of plan.outputs) {
    await mkdir(join(output.local, '..'), { recursive: true });
  }
  const env = await pythonDriverToStderr(run.env, run.workDir, stderrFile);
  const command = [sparkSubmit, ...plan.args];
  await run.onCommand(command);
  await note(`running ${command.map((c) => JSON.stringify(c)).join(' ')}`);
  run.log(`step ${run.stepId}: spark-submit ${plan.application} (logs: ${run.logDir})`);

  const outcome = await runStepProcess({
    command: sparkSubmit,
    args: plan.args,
    cwd: run.workDir,
    env,
    stdoutFile,
    stderrFile,
    signal: run.signal,
    onStart: run.onStart,
  });
  await note(
    `exited with code ${outcome.exitCode}${outcome.signal ? ` (signal ${outcome.signal})` : ''}`,
  );
  if (outcome.aborted) return { state: 'CANCELLED' };
  if (outcome.exitCode !== 0) {
    const tail = await tailLines(stderrFile, stderrTailLines);
    const code = outcome.exitCode ?? `signal ${outcome.signal}`;
    return failed(
      `Step failed with exit code ${code}`,
      `spark-submit exited with code ${code}; last ${tail.length} lines of stderr:\n${tail.join('\n')}`,
      outcome.exitCode,
    );
  }
  try {
    const published = await publishOutputs(run.s3, plan.outputs);
    await note(
      `published ${published.length} object(s) to ${plan.outputs.map((o) => o.uri).join(', ')}`,
    );
  } catch (err) {
    await note(`publishing outputs failed: ${(err as Error).message}`);
    return failed('Writing outputs to S3 failed', (err as Error).message, 0);
  }
  return { state: 'COMPLETED', exitCode: 0 };
}
