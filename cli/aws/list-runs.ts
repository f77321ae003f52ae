/**
 * `npm run runs -- --target aws [workflow]`: the recent executions of the deployed state machines,
 * newest first, as `npm run runs` lists local ones. ListExecutions is read page by page (nextToken)
 * until `limit` executions per state machine or the end; each listed finished execution costs one
 * DescribeExecution for its output (ticker counts, inline metrics) or error. Nothing is written.
 */

import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  type ExecutionListItem,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { RunRecord } from '../../contracts/run-record.ts';
import type { RunListing } from '../runs.ts';
import { parseMetrics, pickMetrics, tickerCounts } from '../summary.ts';
import { readMetrics } from './record-run.ts';
import { ArnResolutionError, resolveStateMachineArn } from './state-machine-arn.ts';

/** ListExecutions' default page size (its maximum is 1,000). */
export const LIST_PAGE_SIZE = 100;

/** DescribeExecution calls in flight at once. */
const DESCRIBE_CONCURRENCY = 8;

export type WorkflowMachine = { workflow: string; arn: string; source: string };

/**
 * The state machines of `workflows`, found as `start-workflow --target aws` finds one
 * (cli/aws/state-machine-arn.ts). Listing every workflow, a workflow without a stack output is
 * skipped with a note (a stack deployed before it was registered); a single workflow's missing
 * output, or a missing stack, is an error. STATE_MACHINE_ARN applies to a single workflow only.
 */
export async function resolveMachines(options: {
  workflows: readonly string[];
  single: boolean;
  stackName: string;
  cloudFormation: CloudFormationClient;
  env: Record<string, string | undefined>;
  note: (line: string) => void;
}): Promise<WorkflowMachine[]> {
  const machines: WorkflowMachine[] = [];
  for (const workflow of options.workflows) {
    try {
      const resolved = await resolveStateMachineArn({
        env: options.single ? options.env : {},
        stackName: options.stackName,
        cloudFormation: options.cloudFormation,
        workflow,
      });
      machines.push({ workflow, arn: resolved.arn, source: resolved.source });
    } catch (error) {
      const noOutput =
        error instanceof ArnResolutionError && /has no \w+ output/.test(error.message);
      if (options.single || !noOutput) throw error;
      options.note(`${workflow}: skipped (${error.message})`);
    }
  }
  return machines;
}

/** Up to `limit` executions of one state machine, newest first, following nextToken. */
export async function listExecutions(
  sfn: SFNClient,
  stateMachineArn: string,
  limit: number,
  pageSize = LIST_PAGE_SIZE,
): Promise<ExecutionListItem[]> {
  const out: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn,
        maxResults: pageSize,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    out.push(...(page.executions ?? []));
    nextToken = page.nextToken || undefined;
  } while (nextToken && out.length < limit);
  return out.slice(0, limit);
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

/** One listed execution as a {@link RunListing}; `described` adds its output's figures or error. */
export function listingOf(
  workflow: string,
  item: ExecutionListItem,
  described?: DescribeExecutionOutput,
  metricsText?: string,
): RunListing {
  const start = item.startDate?.getTime();
  const stop = item.stopDate?.getTime();
  let output: unknown;
  try {
    output = described?.output ? JSON.parse(described.output) : undefined;
  } catch {
    output = undefined;
  }
  const tickers = tickerCounts(output);
  const inline = (output as { metrics?: unknown } | undefined)?.metrics;
  const read = parseMetrics(metricsText);
  const metrics =
    inline && typeof inline === 'object' && !Array.isArray(inline)
      ? pickMetrics(inline as Parameters<typeof pickMetrics>[0])
      : read;
  return {
    executionName: item.name ?? item.executionArn?.split(':').at(-1) ?? '?',
    ...(item.executionArn ? { executionArn: item.executionArn } : {}),
    workflow,
    status: (item.status ?? 'FAILED') as RunRecord['status'],
    ...(item.startDate ? { startDate: item.startDate.toISOString() } : {}),
    ...(item.stopDate ? { stopDate: item.stopDate.toISOString() } : {}),
    ...(start !== undefined && stop !== undefined
      ? { durationSeconds: (stop - start) / 1000 }
      : {}),
    ...(described?.error ? { error: described.error } : {}),
    ...(tickers ? { tickers } : {}),
    ...(metrics && Object.keys(metrics).length > 0 ? { metrics } : {}),
  };
}

/**
 * The text of the metrics.json a succeeded execution's output names (`metrics`: an s3:// URI, as
 * the pipeline's and train-model's do), for the list's headline; one GetObject per run. An object
 * that cannot be read leaves the headline out: the list never fails for it.
 */
async function metricsOfOutput(
  s3: S3Client | undefined,
  described: DescribeExecutionOutput | undefined,
): Promise<string | undefined> {
  if (s3 === undefined || described?.status !== 'SUCCEEDED' || !described.output) return undefined;
  try {
    const uri = (JSON.parse(described.output) as { metrics?: unknown }).metrics;
    return typeof uri === 'string' && uri.startsWith('s3://')
      ? await readMetrics(s3, uri)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `limit` newest executions over `machines`, newest first. */
export async function listAwsRuns(
  sfn: SFNClient,
  machines: readonly WorkflowMachine[],
  limit: number,
  pageSize = LIST_PAGE_SIZE,
  s3?: S3Client,
): Promise<RunListing[]> {
  const all: Array<{ workflow: string; item: ExecutionListItem }> = [];
  for (const m of machines) {
    for (const item of await listExecutions(sfn, m.arn, limit, pageSize)) {
      all.push({ workflow: m.workflow, item });
    }
  }
  const newest = all
    .sort((a, b) => (b.item.startDate?.getTime() ?? 0) - (a.item.startDate?.getTime() ?? 0))
    .slice(0, limit);
  const out: RunListing[] = new Array(newest.length);
  let next = 0;
  const metricsOf = (described: DescribeExecutionOutput | undefined) =>
    metricsOfOutput(s3, described);
  const worker = async () => {
    while (next < newest.length) {
      const i = next++;
      const { workflow, item } = newest[i] as (typeof newest)[number];
      const described =
        item.executionArn && FINISHED.has(item.status ?? '')
          ? await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }))
          : undefined;
      out[i] = listingOf(workflow, item, described, await metricsOf(described));
    }
  };
  await Promise.all(Array.from({ length: DESCRIBE_CONCURRENCY }, worker));
  return out;
}
