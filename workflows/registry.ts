/**
 * The workflows, listed once. The snapshot script, the static checks, the CDK app, the CLI and
 * the local runtime iterate this list; adding a workflow is adding it here (docs/workflows.md).
 */
import { collectBars } from './collect-bars/collect-bars.ts';
import { marketDataPipeline } from './market-data-pipeline.ts';
import { trainModel } from './train-model/train-model.ts';
import type { Workflow } from './workflow.ts';

export type { InputField, Workflow, WorkflowBuild, WorkflowSnapshot } from './workflow.ts';

export const WORKFLOWS: readonly Workflow[] = [marketDataPipeline, collectBars, trainModel];

/** The workflow `npm run start-workflow` runs when none is named (today's commands keep working). */
export const DEFAULT_WORKFLOW = 'market-data-pipeline';

/** The registered workflow of that name; throws listing the names when there is none. */
export const findWorkflow = (
  name: string,
  workflows: readonly Workflow[] = WORKFLOWS,
): Workflow => {
  const found = workflows.find((w) => w.name === name);
  if (found === undefined) {
    throw new Error(
      `unknown workflow '${name}' (registered: ${workflows.map((w) => w.name).join(', ')})`,
    );
  }
  return found;
};

/** Every snapshot of every workflow, in registry order. */
export const allSnapshots = (workflows: readonly Workflow[] = WORKFLOWS) =>
  workflows.flatMap((w) => w.snapshots.map((s) => ({ workflow: w, ...s })));
