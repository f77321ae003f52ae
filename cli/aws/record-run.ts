/**
 * `npm run report -- --target aws <execution ARN>`: records a Step Functions execution the way a
 * local run is recorded (`<stateDir>/runs/<execution name>/`: record.json, history.json,
 * definition.asl.json, contracts/run-record.ts) from DescribeExecution,
 * DescribeStateMachineForExecution and GetExecutionHistory, with its metrics.json copied from S3,
 * and writes its report. The run's clusters are not looked up (the cost panel then has no EMR
 * line), and a Distributed Map's child executions are not read.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { RUNS_FOLDER, RunFiles, type RunRecord } from '../../contracts/run-record.ts';
import { localObjectFile, metricsUriOf } from '../../report/html.ts';
import { writeReport } from '../../report/index.ts';
import { writeFileAtomic } from '../../runtime/run-record.ts';
import { fetchNewEvents } from './history.ts';

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

/** Records the execution under `stateDir` and writes its report; returns the report's path. */
export async function recordAwsRun(
  clients: { sfn: SFNClient; s3: S3Client },
  executionArn: string,
  stateDir: string,
): Promise<string> {
  const execution = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  if (execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE') {
    throw new Error(`execution ${executionArn} is ${execution.status}: report it once it ended`);
  }
  const machine = await clients.sfn.send(
    new DescribeStateMachineForExecutionCommand({ executionArn }),
  );
  const events = await fetchNewEvents(clients.sfn, executionArn, 0);
  const name = execution.name ?? executionArn.split(':').at(-1) ?? 'execution';
  const folder = join(stateDir, RUNS_FOLDER, name);
  mkdirSync(folder, { recursive: true });
  const output = parse(execution.output);
  const draft: RunRecord = {
    version: 1,
    workflow: machine.name ?? execution.stateMachineArn?.split(':').at(-1) ?? 'unknown',
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
  };
  const metricsUri = metricsUriOf(draft);
  const record: RunRecord = {
    ...draft,
    dataBucket: /^s3:\/\/([^/]+)\//.exec(metricsUri)?.[1] ?? '',
  };
  await copyMetrics(clients.s3, metricsUri, record.s3Directory);
  writeFileAtomic(join(folder, RunFiles.definition), machine.definition ?? '{}');
  writeFileAtomic(join(folder, RunFiles.history), JSON.stringify(events));
  writeFileAtomic(join(folder, RunFiles.record), `${JSON.stringify(record, null, 2)}\n`);
  return writeReport(folder);
}

/** Copies metrics.json, if the run wrote one; a missing object leaves the report's note. */
async function copyMetrics(s3: S3Client, uri: string, s3Directory: string): Promise<void> {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  const file = localObjectFile(s3Directory, uri);
  if (!m?.[1] || !m[2] || !file) return;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
    const text = await object.Body?.transformToString();
    if (text === undefined) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, text);
  } catch (error) {
    if ((error as { name?: string }).name !== 'NoSuchKey') throw error;
  }
}
