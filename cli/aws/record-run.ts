/**
 * `npm run report -- --target aws <execution ARN>`: records a Step Functions execution the way a
 * local run is recorded (`<stateDir>/runs/<execution name>/`: record.json, history.json,
 * definition.asl.json, contracts/run-record.ts) from DescribeExecution,
 * DescribeStateMachineForExecution and GetExecutionHistory, with its metrics.json copied from S3,
 * and its EMR clusters described for the cost (cli/aws/run-clusters.ts, clusters.json), and
 * writes its report. A Distributed Map's child executions are not read.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EMRClient } from '@aws-sdk/client-emr';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { PIPELINE_WORKFLOW } from '../../contracts/deployment.ts';
import { RUNS_FOLDER, RunFiles, type RunRecord } from '../../contracts/run-record.ts';
import { localObjectFile, metricsUriOf } from '../../report/html.ts';
import { writeReport } from '../../report/index.ts';
import { childExecutionsOf, type HistoryEventLike } from '../../report/model.ts';
import { writeFileAtomic } from '../../runtime/run-record.ts';
import { WORKFLOWS } from '../../workflows/registry.ts';
import { fetchNewEvents } from './history.ts';
import { fetchMapRunChildren } from './map-run-children.ts';
import { clusterIdsOf, describeClusters } from './run-clusters.ts';

const parse = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Standard-workflow transitions in a history: states entered, plus retries (extra TaskScheduled). */
export function billableTransitionsOf(
  events: ReadonlyArray<{ type?: string | undefined }>,
): number {
  const count = (test: (type: string) => boolean) =>
    events.filter((e) => e.type !== undefined && test(e.type)).length;
  return (
    count((t) => t.endsWith('StateEntered')) +
    count((t) => t === 'TaskScheduled') -
    count((t) => t === 'TaskStateEntered')
  );
}

/** An execution read from AWS as a run record (not yet written), with what the report needs. */
export type FetchedAwsRun = {
  record: RunRecord;
  events: HistoryEvent[];
  /** The state machine's definition text. */
  definition: string;
  metricsUri: string;
  /** metrics.json's text, when the run wrote one. */
  metricsText?: string;
};

/**
 * Reads an execution: DescribeExecution, DescribeStateMachineForExecution, GetExecutionHistory
 * and its metrics.json. A running execution is read too (its record's status is then RUNNING).
 */
export async function fetchAwsRun(
  clients: { sfn: SFNClient; s3: S3Client },
  executionArn: string,
  stateDir: string,
): Promise<FetchedAwsRun> {
  const execution = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  const machine = await clients.sfn.send(
    new DescribeStateMachineForExecutionCommand({ executionArn }),
  );
  const events = await fetchNewEvents(clients.sfn, executionArn, 0);
  const name = execution.name ?? executionArn.split(':').at(-1) ?? 'execution';
  const folder = join(stateDir, RUNS_FOLDER, name);
  const output = parse(execution.output);
  const draft: RunRecord = {
    version: 1,
    workflow: workflowOfMachine(
      machine.name ?? execution.stateMachineArn?.split(':').at(-1) ?? 'unknown',
    ),
    executionName: name,
    executionArn,
    status: (execution.status ?? 'FAILED') as RunRecord['status'],
    input: parse(execution.input),
    ...(output !== undefined ? { output } : {}),
    ...(execution.error ? { error: execution.error } : {}),
    ...(execution.cause ? { cause: execution.cause } : {}),
    ...(execution.startDate ? { startDate: execution.startDate.toISOString() } : {}),
    ...(execution.stopDate ? { stopDate: execution.stopDate.toISOString() } : {}),
    definitionFile: execution.stateMachineArn ?? '',
    stateDir,
    // metrics.json is copied here, laid out as the local S3 keeps objects, for the report.
    s3Directory: join(folder, 's3'),
    dataBucket: '',
    clusters: [],
    billableTransitions: billableTransitionsOf(events),
    events: events.length,
    // A nested execution's input names its parent when the parent passed it (connect-stepfunctions).
    ...startedBy(parse(execution.input)),
  };
  const metricsUri = metricsUriOf(draft);
  const record: RunRecord = {
    ...draft,
    dataBucket: /^s3:\/\/([^/]+)\//.exec(metricsUri)?.[1] ?? '',
  };
  const metricsText = await readMetrics(clients.s3, metricsUri);
  return {
    record,
    events,
    definition: machine.definition ?? '{}',
    metricsUri,
    ...(metricsText !== undefined ? { metricsText } : {}),
  };
}

/** Records the execution under `stateDir` and writes its report; returns the report's path. */
export async function recordAwsRun(
  clients: { sfn: SFNClient; s3: S3Client; emr: EMRClient },
  executionArn: string,
  stateDir: string,
  parent?: { executionArn: string; depth: number },
  /** Told about a nested run that could not be recorded (its name is then not a link). */
  log: (line: string) => void = () => {},
): Promise<string> {
  const status = (await clients.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
  if (status === 'RUNNING' || status === 'PENDING_REDRIVE') {
    throw new Error(`execution ${executionArn} is ${status}: report it once it ended`);
  }
  const fetched = await fetchAwsRun(clients, executionArn, stateDir);
  const nested = childExecutionsOf(fetched.events as unknown as HistoryEventLike[]);
  const run: FetchedAwsRun = {
    ...fetched,
    record: {
      ...fetched.record,
      ...(parent ? { parentExecutionArn: parent.executionArn } : {}),
      ...(nested.length > 0
        ? {
            children: nested.map((c) => ({
              executionArn: c.executionArn,
              name: c.name,
              workflow: workflowOfMachine(c.executionArn.split(':').at(-2) ?? ''),
              status: c.status ?? 'STARTED',
            })),
          }
        : {}),
    },
  };
  const folder = join(stateDir, RUNS_FOLDER, run.record.executionName);
  mkdirSync(folder, { recursive: true });
  const file = localObjectFile(run.record.s3Directory, run.metricsUri);
  if (run.metricsText !== undefined && file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, run.metricsText);
  }
  // The clusters it created, for the cost: a lookup that fails is a note, never a failure.
  const { clusters, notes } = await describeClusters(
    clients.emr,
    clusterIdsOf(run.events, run.record.output),
  );
  // Its Distributed Map children, for the report's timeline, tickers and cost (map-runs.json).
  const mapRuns = await fetchMapRunChildren(
    clients.sfn,
    executionArn,
    run.events as unknown as HistoryEvent[],
  );
  for (const note of mapRuns.notes) log(note);
  if (mapRuns.children.length > 0) {
    writeFileAtomic(join(folder, RunFiles.mapRuns), JSON.stringify(mapRuns.children));
  }
  const record: RunRecord = {
    ...run.record,
    clusters: clusters.map((c) => ({ id: c.Id, state: c.Status.State ?? '?', steps: [] })),
    ...(notes.length + mapRuns.notes.length > 0 ? { costNotes: [...notes, ...mapRuns.notes] } : {}),
  };
  writeFileAtomic(join(folder, RunFiles.clusters), `${JSON.stringify(clusters, null, 2)}\n`);
  writeFileAtomic(join(folder, RunFiles.definition), run.definition);
  writeFileAtomic(join(folder, RunFiles.history), JSON.stringify(run.events));
  writeFileAtomic(join(folder, RunFiles.record), `${JSON.stringify(record, null, 2)}\n`);
  // Its nested runs are recorded beside it (their reports link back to this record), then its
  // report, which links to theirs. One that cannot be recorded is logged and left unlinked.
  const depth = (parent?.depth ?? 0) + 1;
  for (const child of nested) {
    if (depth > MAX_NESTING) {
      log(`nested run ${child.name}: not recorded (deeper than ${MAX_NESTING} levels)`);
      continue;
    }
    try {
      await recordAwsRun(clients, child.executionArn, stateDir, { executionArn, depth }, log);
    } catch (error) {
      log(`nested run ${child.name}: not recorded (${(error as Error).message})`);
    }
  }
  return writeReport(folder);
}

/** How deep `recordAwsRun` follows nested runs (Step Functions' own nesting is unbounded). */
const MAX_NESTING = 5;

/** metrics.json's text, if the run wrote one; a missing object is undefined. */
export async function readMetrics(s3: S3Client, uri: string): Promise<string | undefined> {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m?.[1] || !m[2]) return undefined;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
    return await object.Body?.transformToString();
  } catch (error) {
    if ((error as { name?: string }).name !== 'NoSuchKey') throw error;
    return undefined;
  }
}

/** `AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID` of a nested execution's input, as its parent. */
function startedBy(input: unknown): { parentExecutionArn?: string } {
  const id =
    input && typeof input === 'object'
      ? (input as Record<string, unknown>).AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID
      : undefined;
  return typeof id === 'string' && id.startsWith('arn:') ? { parentExecutionArn: id } : {};
}

/**
 * The registered workflow a deployed state machine runs, from its name (`<stack>-<workflow>`,
 * the pipeline's `<stack>-Pipeline`: contracts/deployment.ts); else the machine's name.
 */
export function workflowOfMachine(name: string): string {
  const names = WORKFLOWS.map((w) => w.name);
  if (names.includes(name)) return name;
  if (name.endsWith('-Pipeline')) return PIPELINE_WORKFLOW;
  return names.find((w) => name.endsWith(`-${w}`)) ?? name;
}
