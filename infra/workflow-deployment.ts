/**
 * What the stack decides per workflow before it builds anything: construct ids, and the checks
 * that fail synthesis naming the workflow and the setting (state machine names, schedules, the
 * reaper's maximum cluster age, definition substitutions).
 */
import {
  PIPELINE_WORKFLOW,
  pascalCase,
  STATE_MACHINE_NAME_MAX,
  stateMachineArnPlaceholder,
} from '../contracts/deployment.ts';
import type { Workflow } from '../workflows/registry.ts';
import { createsClusters } from './integrations.ts';
import type { Settings } from './settings.ts';

/**
 * Construct ids: the pipeline keeps the ids it had as the only workflow (a new logical id would
 * replace its state machine, whose name is fixed, and fail); others are prefixed with their name.
 */
export const idsFor = (workflow: string) => {
  if (workflow === PIPELINE_WORKFLOW) {
    return {
      machine: 'Pipeline',
      reaper: 'Reaper',
      schedule: 'Schedule',
      alerts: '',
      label: 'market-pipeline',
    };
  }
  const p = pascalCase(workflow);
  return {
    machine: `${p}Workflow`,
    reaper: `${p}Reaper`,
    schedule: `${p}Schedule`,
    alerts: p,
    // Descriptions and alert messages say which workflow; the pipeline's keep their old text.
    label: `market-pipeline ${workflow}`,
  };
};

/** State machine names are at most 80 characters and unique in the stack. */
export const checkNames = (
  workflows: readonly Workflow[],
  nameOf: (w: Workflow) => string,
  stackName: string,
) => {
  const seen = new Map<string, string>();
  for (const w of workflows) {
    const name = nameOf(w);
    if (name.length > STATE_MACHINE_NAME_MAX) {
      throw new Error(
        `context 'stackName' '${stackName}' makes the state machine of workflow '${w.name}' ${name.length} characters long ('${name}'); Step Functions allows ${STATE_MACHINE_NAME_MAX}: use a shorter stackName`,
      );
    }
    const other = seen.get(name);
    if (other !== undefined) {
      throw new Error(`workflows '${other}' and '${w.name}' would both deploy as '${name}'`);
    }
    seen.set(name, w.name);
  }
};

/**
 * Every `${<Workflow>StateMachineArn}` a deployed definition uses names a workflow this stack
 * deploys: a composed workflow cannot be deployed without the workflows it starts.
 */
export const checkStartedWorkflows = (
  workflows: readonly Workflow[],
  placeholdersOf: (w: Workflow) => readonly string[],
) => {
  const deployed = new Map(workflows.map((w) => [stateMachineArnPlaceholder(w.name), w.name]));
  for (const w of workflows) {
    const missing = placeholdersOf(w).filter(
      (p) => p.endsWith('StateMachineArn') && !deployed.has(p),
    );
    if (missing.length > 0) {
      throw new Error(
        `workflow '${w.name}' starts the state machine(s) [${missing.join(', ')}], which this stack does not deploy (deployed: ${workflows.map((d) => d.name).join(', ')}): deploy the workflows it starts with it`,
      );
    }
  }
};

/** The settings' schedules are exactly those of the deployed workflows that declare one. */
export const checkSchedules = (workflows: readonly Workflow[], settings: Settings) => {
  const scheduled = workflows.filter((w) => w.schedule !== undefined).map((w) => w.name);
  const set = Object.keys(settings.schedules);
  const missing = scheduled.filter((name) => !set.includes(name));
  const extra = set.filter((name) => !scheduled.includes(name));
  if (missing.length + extra.length > 0) {
    throw new Error(
      `settings.schedules must list exactly the deployed scheduled workflows: missing [${missing.join(', ')}], not deployed or not scheduled [${extra.join(', ')}] (read the settings with the same workflows: readSettings(get, env, { workflows }))`,
    );
  }
};

/** Exactly the declared placeholders, each with a value; a name the stack cannot supply is an error. */
export const supplyPlaceholders = (
  workflow: string,
  declared: readonly string[],
  values: Record<string, string>,
): Record<string, string> => {
  const missing = declared.filter((name) => !(name in values));
  if (missing.length > 0) {
    throw new Error(
      `workflow '${workflow}': definitionSubstitutions: the stack supplies no value for placeholder(s) [${missing.join(', ')}] (it supplies: ${Object.keys(values).join(', ')})`,
    );
  }
  return Object.fromEntries(declared.map((name) => [name, values[name] as string]));
};

/** The reaper must not take a running execution's cluster for an orphan. */
export const checkClusterAge = (workflow: string, definition: object, settings: Settings) => {
  const timeout = (definition as { TimeoutSeconds?: number }).TimeoutSeconds ?? 0;
  if (createsClusters(definition) && settings.maxClusterAgeMinutes * 60 <= timeout) {
    throw new Error(
      `context 'maxClusterAgeMinutes' must exceed the execution timeout of workflow '${workflow}' (${timeout / 60} minutes), got ${settings.maxClusterAgeMinutes}: the reaper would terminate clusters of running executions`,
    );
  }
};
