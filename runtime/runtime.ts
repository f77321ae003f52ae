/**
 * `runLocal`: the deployed definition, run on this machine with no AWS account.
 *
 *   local S3 (s3rver, <stateDir>/s3, kept between runs)  <- deployment: universe + training code
 *   engine (runExecution)  -> lambda:invoke -> in-process Lambdas (worker threads, stack env)
 *                          -> elasticmapreduce:*.sync -> EMR emulator (ledger, local spark-submit)
 *                          -> aws-sdk:s3 / ItemReader / ResultWriter -> local S3
 *   then: the reaper (a stopped/failed execution runs no Catch), local S3 stopped.
 *
 * Everything is left under <stateDir> for inspection; the run logs where it went.
 */

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ClusterTag } from '../contracts/cluster-tags.ts';
import { stateMachineArnPlaceholder } from '../contracts/deployment.ts';
import { runExecution } from '../engine/index.ts';
import { DEFAULT_WORKFLOW, findWorkflow, WORKFLOWS, type Workflow } from '../workflows/registry.ts';
import { deployToLocalS3 } from './deploy.ts';
import { createLocalEmr } from './emr/emulator.ts';
import { checkJava, prepareSparkVenv } from './emr/requirements.ts';
import { tagValue } from './emr/types.ts';
import { lockExecution } from './execution-lock.ts';
import {
  functionArn,
  functionNames,
  type LocalTask,
  localAccountId,
  localLambdaEnv,
  localRegion,
} from './lambda/environment.ts';
import { type LocalLambdaFunction, startLambdaFunction } from './lambda/host.ts';
import { describeRun } from './locations.ts';
import { projectRoot } from './project-root.ts';
import { reapExecution, reapOrphans } from './reaper.ts';
import { recordRun } from './run-record.ts';
import { acquireLocalS3 } from './shared-s3.ts';
import { checkStateDirWritable } from './state-dir.ts';
import { localBuckets, localSubstitutions, missingSubstitutions } from './substitutions.ts';
import type { LocalRunLocations, LocalRunOptions, LocalRunResult } from './types.ts';

/** A workflow's default snapshot, the definition the stack deploys for it. */
export const definitionFileOf = (workflow: Workflow): string =>
  join(projectRoot, 'asl-snapshots', workflow.snapshots[0]?.file ?? `${workflow.name}.asl.json`);

export const defaultDefinitionFile = definitionFileOf(findWorkflow(DEFAULT_WORKFLOW));
export const defaultStateDir = join(projectRoot, '.local');
/** The default workflow's state machine name; each workflow's machine is named after it. */
export const localStateMachineName = DEFAULT_WORKFLOW;

const taskModules: Record<LocalTask, string> = {
  'prepare-input': join(projectRoot, 'tasks', 'prepare-input', 'handler.ts'),
  'download-ticker': join(projectRoot, 'tasks', 'download-ticker', 'handler.ts'),
};

const isLocalTask = (name: string): name is LocalTask => Object.hasOwn(taskModules, name);

/** A registered workflow's state machine ARN on the local runtime. */
export const localStateMachineArn = (workflow: string): string =>
  `arn:aws:states:${localRegion}:${localAccountId}:stateMachine:${workflow}`;

/** `${<Workflow>StateMachineArn}` of every registered workflow: what a parent starts. */
const stateMachineSubstitutions = (): Record<string, string> =>
  Object.fromEntries(
    WORKFLOWS.map((w) => [stateMachineArnPlaceholder(w.name), localStateMachineArn(w.name)]),
  );

/** Every substitution a local definition may use. */
export const allSubstitutions = (): Record<string, string> => ({
  ...localSubstitutions,
  ...stateMachineSubstitutions(),
});

/**
 * The registered workflows a definition can start (its `${<Workflow>StateMachineArn}`
 * placeholders), and theirs, transitively, with their definitions' text.
 */
async function startableWorkflows(definition: string): Promise<Map<Workflow, string>> {
  const found = new Map<Workflow, string>();
  const visit = async (text: string) => {
    for (const w of WORKFLOWS) {
      if (found.has(w) || !text.includes(`\${${stateMachineArnPlaceholder(w.name)}}`)) continue;
      const child = await loadDefinition(definitionFileOf(w));
      found.set(w, child);
      await visit(child);
    }
  };
  await visit(definition);
  return found;
}

/** The registered workflow and the Lambdas it declares; throws naming what is unknown. */
function workflowOf(given: string | Workflow): { workflow: Workflow; tasks: LocalTask[] } {
  const workflow = typeof given === 'string' ? findWorkflow(given) : given;
  const tasks: LocalTask[] = [];
  for (const lambda of workflow.tasks.lambdas) {
    if (!isLocalTask(lambda)) {
      throw new Error(
        `workflow '${workflow.name}' declares the Lambda '${lambda}', which the local runtime has no handler for (known: ${Object.keys(taskModules).join(', ')})`,
      );
    }
    tasks.push(lambda);
  }
  return { workflow, tasks };
}

/** Executions running in this process; the start-up reaper leaves their clusters alone. */
const runningExecutions = new Set<string>();

/** Step Functions' execution name rules (StartExecution `name`). */
export function checkExecutionName(name: string): void {
  if (name.length < 1 || name.length > 80) {
    throw new Error(`executionName must be 1 to 80 characters, got ${name.length}: '${name}'`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
  const bad = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/.exec(name);
  if (bad) {
    throw new Error(
      `executionName '${name}' contains ${JSON.stringify(bad[0])}: names may not contain whitespace, brackets, wildcards, control characters or any of " # % \\ ^ | ~ \` $ & , ; : /`,
    );
  }
}

async function loadDefinition(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(
      `definition ${file} cannot be read (${(err as NodeJS.ErrnoException).code}); run npm run snapshots`,
      { cause: err },
    );
  }
  const missing = missingSubstitutions(text, allSubstitutions());
  if (missing.length > 0) {
    throw new Error(
      `definition ${file} uses placeholders the local runtime does not supply: ${missing.join(', ')}`,
    );
  }
  return text;
}

export async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  const log = options.log ?? (() => {});
  const stateDir = resolve(options.stateDir ?? defaultStateDir);
  const executionName = options.executionName ?? randomUUID();
  const timeScale = options.timeScale ?? 1;

  // Everything that can be wrong with the request or the machine fails here, before any work.
  const { workflow, tasks } = workflowOf(options.workflow ?? DEFAULT_WORKFLOW);
  const stateMachineName = workflow.name;
  const executionArn = `arn:aws:states:${localRegion}:${localAccountId}:execution:${stateMachineName}:${executionName}`;
  checkExecutionName(executionName);
  const definition = await loadDefinition(options.definitionFile ?? definitionFileOf(workflow));
  // The workflows it can start run here too, with their Lambdas.
  const children = await startableWorkflows(definition);
  for (const child of children.keys()) {
    for (const task of workflowOf(child).tasks) if (!tasks.includes(task)) tasks.push(task);
  }
  const runsSpark = [workflow, ...children.keys()].some((w) => w.tasks.sparkScripts.length > 0);
  const { sparkSubmit } = options;
  // Before Java and the venv: a cheap check, and a venv that cannot be prepared may be only a
  // symptom of the same permissions.
  checkStateDirWritable(stateDir);
  // Java and the Spark venv only for a workflow that runs a Spark script.
  if (sparkSubmit === undefined && runsSpark) {
    await checkJava();
    await prepareSparkVenv(log);
  }

  mkdirSync(stateDir, { recursive: true });
  log(`local runtime: state in ${stateDir}`);
  const unlock = lockExecution(stateDir, executionName);
  let s3: Awaited<ReturnType<typeof acquireLocalS3>>;
  try {
    s3 = await acquireLocalS3(join(stateDir, 's3'), [localBuckets.data, localBuckets.logs]);
  } catch (error) {
    unlock();
    throw error;
  }
  const functions: LocalLambdaFunction[] = [];
  const emr = createLocalEmr({
    stateDir,
    s3: s3.client,
    timeScale,
    log,
    ...(sparkSubmit !== undefined ? { sparkSubmit: async () => sparkSubmit } : {}),
  });
  runningExecutions.add(executionArn);
  try {
    const deployed = await deployToLocalS3(s3.client, {
      dataBucket: localBuckets.data,
      projectRoot,
    });
    log(
      `deployed to local S3 (${s3.endpoint}): ${deployed.uploaded.length} uploaded, ${deployed.unchanged.length} unchanged, ${deployed.removed.length} removed`,
    );
    await options.prepare?.({
      s3: s3.client,
      s3Endpoint: s3.endpoint,
      dataBucket: localBuckets.data,
      logsBucket: localBuckets.logs,
    });
    await reapOrphans(emr, (arn) => arn !== undefined && runningExecutions.has(arn), log);

    for (const task of tasks) {
      functions.push(
        startLambdaFunction({
          name: functionNames[task],
          modulePath: taskModules[task],
          env: localLambdaEnv(task, {
            dataBucket: localBuckets.data,
            s3Endpoint: s3.endpoint,
            ...(options.lambdaEnv ? { extra: options.lambdaEnv } : {}),
          }),
          logFile: join(stateDir, 'lambda', functionNames[task], `${executionName}.log`),
        }),
      );
    }
    await Promise.all(functions.map((f) => f.ready));

    log(`execution ${executionName}: started`);
    const result = await runExecution(JSON.parse(definition), options.input, {
      executionName,
      stateMachineName,
      substitutions: allSubstitutions(),
      stateMachines: Object.fromEntries(
        [...children].map(([w, text]) => [
          localStateMachineArn(w.name),
          { definition: text, name: w.name },
        ]),
      ),
      onExecutionEvent: (event, execution) => {
        if (execution.parentExecutionArn === undefined) return;
        if (event.type?.startsWith('Execution')) {
          log(
            `  nested ${execution.name} (${execution.stateMachineArn.split(':').pop()}): ${event.type}`,
          );
        }
        options.onNestedEvent?.(event, execution);
      },
      timeScale,
      s3: s3.client,
      emr,
      lambdaHandlers: Object.fromEntries(
        tasks.map((task, i) => [functionArn(task), (functions[i] as LocalLambdaFunction).handler]),
      ),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.taskTokens ? { taskTokens: options.taskTokens } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      // The run report draws each Distributed Map child (map-runs.json).
      keepMapRunChildren: true,
    });
    log(`execution ${executionName}: ${result.status}${result.error ? ` (${result.error})` : ''}`);
    await reapExecution(emr, result.executionArn, result.status, log);
    // A nested execution tags its clusters with its own ARN; a stopped one ran no Catch either.
    for (const child of result.childExecutions ?? []) {
      log(
        `nested execution ${child.name}: ${child.status}${child.error ? ` (${child.error})` : ''}`,
      );
      await reapExecution(emr, child.executionArn, child.status, log);
    }

    const runArns = new Set([
      result.executionArn,
      ...(result.childExecutions ?? []).map((c) => c.executionArn),
    ]);
    const ledger = (await emr.ledger.read()).filter((c) =>
      runArns.has(tagValue(c, ClusterTag.execution) ?? ''),
    );
    const clustersOf = (arns: Set<string>) =>
      ledger.filter((c) => arns.has(tagValue(c, ClusterTag.execution) ?? ''));
    const clusters = clustersOf(runArns).map((c) => ({
      id: c.Id,
      state: c.Status.State,
      steps: c.Steps.map((st) => ({
        id: st.Id,
        name: st.Name,
        state: st.Status.State,
        logDir: st.Local.logDir,
      })),
    }));
    const output = result.output as { dataPrefix?: unknown; modelPrefix?: unknown } | undefined;
    const locations: LocalRunLocations = {
      stateDir,
      s3Endpoint: s3.endpoint,
      s3Directory: s3.directory,
      dataBucket: localBuckets.data,
      logsBucket: localBuckets.logs,
      emrLedger: emr.paths.ledger,
      emrLogsDir: emr.paths.logs,
      lambdaLogs: Object.fromEntries(functions.map((f) => [f.name, f.logFile])),
      clusters,
      ...(typeof output?.dataPrefix === 'string' ? { dataPrefix: output.dataPrefix } : {}),
      ...(typeof output?.modelPrefix === 'string' ? { modelPrefix: output.modelPrefix } : {}),
    };
    const childRecords = (arn: string) =>
      (result.childExecutions ?? [])
        .filter((c) => c.parentExecutionArn === arn)
        .map((c) => ({
          executionArn: c.executionArn,
          name: c.name,
          workflow: c.stateMachineArn.split(':').at(-1) ?? '',
          status: c.status,
        }));
    const mapRunsOf = (arn: string) =>
      (result.mapRunChildren ?? []).filter((m) => m.parentExecutionArn === arn);
    const nested = (result.childExecutions ?? []).flatMap((child) => {
      const found = [...children].find(
        ([w]) => localStateMachineArn(w.name) === child.stateMachineArn,
      );
      if (!found) return [];
      const [childWorkflow, text] = found;
      const own = new Set([child.executionArn]);
      return [
        {
          options: {
            input: child.input as LocalRunOptions['input'],
            definitionFile: definitionFileOf(childWorkflow),
          },
          workflow: childWorkflow,
          executionName: child.name,
          definition: text,
          result: child,
          locations: {
            ...locations,
            clusters: clusters.filter((c) => clustersOf(own).some((l) => l.Id === c.id)),
          },
          parentExecutionArn: child.parentExecutionArn,
          children: childRecords(child.executionArn),
          mapRunChildren: mapRunsOf(child.executionArn),
        },
      ];
    });
    recordRun(
      {
        options,
        workflow,
        executionName,
        definition,
        result,
        locations,
        children: childRecords(result.executionArn),
        mapRunChildren: mapRunsOf(result.executionArn),
      },
      log,
      nested,
    );
    for (const line of describeRun(locations)) log(line);
    return { ...result, locations };
  } finally {
    runningExecutions.delete(executionArn);
    // A step cancelled by an abort records itself and pushes its logs: let it, before S3 stops.
    await emr.settle();
    emr.close();
    await Promise.all(functions.map((f) => f.stop()));
    try {
      await s3.release();
    } finally {
      unlock();
    }
  }
}
