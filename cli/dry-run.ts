/** `--dry-run`: what would be started, and what it would cost on AWS. Starts nothing. */
import type { JsonObject } from '../asl/types.ts';
import { exchangeLabel } from '../contracts/calendar/exchanges.ts';
import { stateMachineArnPlaceholder } from '../contracts/deployment.ts';
import { UNIVERSE_PATH } from '../contracts/universe.ts';
import { WORKFLOWS } from '../workflows/registry.ts';
import type { CliOptions } from './args/parse.ts';
import { ASSUMPTION_DOCS, type Assumptions } from './assumptions.ts';
import { countUniverse, loadWorkflowDefinition } from './definition.ts';
import { type Estimate, estimateRun, type StartedDefinitions } from './estimate.ts';

/** The committed default snapshot of the registered workflow a placeholder names. */
const startedDefinitions: StartedDefinitions = (placeholder) => {
  const workflow = WORKFLOWS.find((w) => stateMachineArnPlaceholder(w.name) === placeholder);
  return workflow === undefined
    ? undefined
    : { name: workflow.name, definition: loadWorkflowDefinition(workflow.name) };
};

export type DryRunReport = {
  dryRun: true;
  workflow: string;
  target: CliOptions['target'];
  calendar: CliOptions['exchange'];
  executions: Array<{ name: string; date?: string; input: JsonObject }>;
  backfill?: CliOptions['backfill'];
  tickers: { count: number; source: string };
  estimate: {
    perExecution: Omit<Estimate, 'assumptions'>;
    executions: number;
    totalCost: number;
  };
  assumptions: Assumptions;
};

const NOT_INCLUDED =
  'Not included: S3 requests and storage, CloudWatch Logs, data transfer, free tiers, Spot discounts, retries and failure paths.';

export function buildDryRun(
  options: CliOptions,
  definition = loadWorkflowDefinition(options.workflow),
  universeCount = countUniverse(),
): DryRunReport {
  const tickers = tickerCount(options, universeCount);
  const { assumptions, ...perExecution } = estimateRun(
    definition,
    tickers.count,
    options.assumptions,
    startedDefinitions,
  );
  return {
    dryRun: true,
    workflow: options.workflow,
    target: options.target,
    calendar: options.exchange,
    executions: options.runs.map((run) => ({
      name: run.name,
      ...(run.date ? { date: run.date } : {}),
      input: run.input,
    })),
    ...(options.backfill ? { backfill: options.backfill } : {}),
    tickers,
    estimate: {
      perExecution,
      executions: options.runs.length,
      totalCost: perExecution.cost.total * options.runs.length,
    },
    assumptions,
  };
}

function tickerCount(options: CliOptions, universeCount: number | undefined) {
  const tickers = options.runs[0]?.input.tickers;
  if (Array.isArray(tickers)) return { count: tickers.length, source: options.tickersSource };
  if (universeCount !== undefined) {
    return { count: universeCount, source: `${UNIVERSE_PATH} in this repository` };
  }
  return { count: 1, source: 'unknown (no universe file): assumed 1' };
}

const usd = (value: number) =>
  `$${value < 0.01 && value > 0 ? value.toFixed(5) : value.toFixed(4)}`;
const num = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

export function formatDryRun(report: DryRunReport): string[] {
  const { perExecution: e } = report.estimate;
  const lines = ['Dry run: nothing is started.', `Workflow: ${report.workflow}`];
  if (report.target === 'local') {
    lines.push('Target: local (free on this machine); the estimate is for the same run on AWS.');
  } else {
    lines.push('Target: aws');
  }
  lines.push(`Calendar: ${exchangeLabel(report.calendar)}`);
  if (report.backfill) {
    const { from, to, skipped } = report.backfill;
    lines.push(`Backfill ${from} .. ${to}: ${report.executions.length} trading days`);
    for (const day of skipped) lines.push(`  skipped ${day.date} (${day.reason})`);
  }
  for (const run of report.executions)
    lines.push(`Execution ${run.name}${run.date ? ` (${run.date})` : ''}`);
  lines.push('Input:');
  for (const line of JSON.stringify(report.executions[0]?.input ?? {}, null, 2).split('\n')) {
    lines.push(`  ${line}`);
  }
  lines.push(`Per execution (${report.tickers.count} tickers, from ${report.tickers.source}):`);
  if (e.nested.length > 0) {
    lines.push(
      `  ${'nested executions'.padEnd(27)} ${e.nested.map((n) => n.stateMachine).join(', ')} (their cost is included)`,
    );
  }
  lines.push(`  ${'billable state transitions'.padEnd(27)} ${e.transitions}`);
  if (e.expressExecutions > 0) {
    lines.push(`  ${'Express child executions'.padEnd(27)} ${e.expressExecutions}`);
  }
  lines.push(
    `  Lambda                      ${e.lambdaInvocations} invocations, ${num(e.lambdaGbSeconds)} GB-seconds`,
  );
  for (const cluster of e.emr) {
    lines.push(
      `  ${`EMR (${cluster.state})`.padEnd(27)} ${cluster.instances} x ${cluster.instanceType} = ${num(cluster.instanceHours)} instance-hours${cluster.market === 'SPOT' ? ' (Spot)' : ''}`,
    );
  }
  const emr = e.cost.emr !== undefined ? usd(e.cost.emr) : 'unknown';
  lines.push(
    `Estimated cost per execution: Step Functions ${usd(e.cost.stepFunctions)} + Lambda ${usd(e.cost.lambda)} + EMR ${emr} = ${usd(e.cost.total)}`,
  );
  if (report.estimate.executions > 1) {
    lines.push(
      `Estimated cost of ${report.estimate.executions} executions: ${usd(report.estimate.totalCost)}`,
    );
  }
  for (const warning of e.warnings) lines.push(`Warning: ${warning}`);
  lines.push('Assumptions (override with --assume key=value):');
  for (const [key, doc] of Object.entries(ASSUMPTION_DOCS)) {
    const value = report.assumptions[key as keyof Assumptions];
    lines.push(`  ${key.padEnd(30)} ${String(value ?? 'list price').padEnd(12)} ${doc}`);
  }
  lines.push(NOT_INCLUDED);
  return lines;
}
