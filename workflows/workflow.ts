/**
 * What a registered workflow declares (workflows/registry.ts lists them). Everything downstream
 * (snapshots, static checks, the CDK app, the CLI, the local runtime) reads these fields instead
 * of knowing any one workflow. docs/workflows.md is the recipe for adding one.
 */
import type { StateMachine } from '../asl/types.ts';
import type { CheckContext } from '../checks/types.ts';

/** One field of the execution input, as `--list` and the docs show it. */
export type InputField = {
  /** The key in the execution input JSON. */
  name: string;
  /** Its type as a person reads it: `string[]`, `YYYY-MM-DD`, `integer`, `'1m' | '5m'`. */
  type: string;
  /** What the workflow uses when the field is absent (so `{}` means every default). */
  default: string;
  description: string;
};

/** An EventBridge Scheduler schedule that starts the workflow with `{}`. */
export type WorkflowSchedule = {
  /** `cron(...)`, 6 fields, EventBridge Scheduler syntax. */
  expression: string;
  /** IANA time zone the expression is read in. */
  timeZone: string;
  /** When it fires, for people: `Saturdays 05:11 London`. */
  description: string;
};

/** The code a workflow's Task states call, so deployments and the local runtime ship exactly it. */
export type WorkflowTasks = {
  /** Lambda handlers by folder under tasks/ (`download-ticker`). */
  lambdas: readonly string[];
  /** Spark scripts by path under tasks/ (`train/train_model.py`). */
  sparkScripts: readonly string[];
};

/** What a build returns for any workflow. */
export type WorkflowBuild = {
  definition: StateMachine;
  /** The `${Name}` definition substitutions it uses. */
  placeholders: readonly string[];
  /** What checks/ needs to check it. */
  checkContext: CheckContext;
  /** One line of estimates for `npm run snapshots` (mode, history events, payload). */
  summary: string;
};

/** A config under which the definition is committed to asl-snapshots/. */
export type WorkflowVariant<Config> = {
  /** `undefined` for the default config (`<workflow>.asl.json`), else `<workflow>.<id>.asl.json`. */
  id: string | undefined;
  description: string;
  config: Config;
};

export type WorkflowDefinition<Config> = {
  /** kebab-case: the state machine, the snapshot file and the CLI use it. */
  name: string;
  description: string;
  defaultConfig: Config;
  /** config -> definition; throws naming the field on a bad config. */
  build: (config: Config) => WorkflowBuild;
  input: readonly InputField[];
  tasks: WorkflowTasks;
  schedule?: WorkflowSchedule;
  /**
   * How `start-workflow`'s dates map to the input: `per-session` (a `date` per execution;
   * `--from/--to` is a backfill of one execution per trading day) or `range` (`--from/--to` is
   * the one execution's `from`/`to`). @default 'per-session'
   */
  dates?: 'per-session' | 'range';
  /** The first variant must be the default config (id `undefined`). */
  variants: readonly WorkflowVariant<Config>[];
};

/** A snapshot file of a registered workflow, built on demand. */
export type WorkflowSnapshot = {
  /** File name under asl-snapshots/. */
  file: string;
  description: string;
  build: () => WorkflowBuild;
};

/** A registered workflow with its config type erased, which is what downstream code iterates. */
export type Workflow = Omit<WorkflowDefinition<unknown>, 'defaultConfig' | 'build' | 'variants'> & {
  snapshots: readonly WorkflowSnapshot[];
  /** The definition at the default config. */
  buildDefault: () => WorkflowBuild;
  /**
   * The definition at the default config as `adjust` returns it: how a deployment applies its
   * settings (EMR sizes, the universe size) to every workflow without knowing any.
   */
  buildAdjusted: (adjust: (config: unknown) => unknown) => WorkflowBuild;
};

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export const snapshotFile = (workflow: string, variant: string | undefined): string =>
  variant === undefined ? `${workflow}.asl.json` : `${workflow}.${variant}.asl.json`;

/** Checks the declaration (naming the field) and erases its config type. */
export const defineWorkflow = <Config>(w: WorkflowDefinition<Config>): Workflow => {
  const where = `workflow '${w.name}'`;
  if (!KEBAB.test(w.name)) {
    throw new Error(`${where}: name must be kebab-case (a-z, 0-9, single dashes), got '${w.name}'`);
  }
  if (w.name.length > 60) {
    // The state machine name is `<stack>-<workflow>` and Step Functions allows 80 characters.
    throw new Error(`${where}: name must be at most 60 characters, got ${w.name.length}`);
  }
  if (w.description.trim() === '') throw new Error(`${where}: description must not be empty`);
  if (w.variants[0]?.id !== undefined) {
    throw new Error(`${where}: variants[0] must be the default config (id undefined)`);
  }
  w.input.forEach((f, i) => {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(f.name)) {
      throw new Error(
        `${where}: input[${i}].name must be one input key (letters and digits), got '${f.name}'`,
      );
    }
  });
  const ids = new Set<string>();
  w.variants.forEach((v, i) => {
    if (i > 0 && (v.id === undefined || !KEBAB.test(v.id))) {
      throw new Error(`${where}: variants[${i}].id must be kebab-case, got ${String(v.id)}`);
    }
    if (v.id !== undefined && ids.has(v.id)) {
      throw new Error(`${where}: variants[${i}].id '${v.id}' is used twice`);
    }
    if (v.id !== undefined) ids.add(v.id);
  });
  const { defaultConfig, build, variants, ...rest } = w;
  return {
    ...rest,
    snapshots: variants.map((v) => ({
      file: snapshotFile(w.name, v.id),
      description: v.description,
      build: () => build(v.config),
    })),
    buildDefault: () => build(defaultConfig),
    buildAdjusted: (adjust) => build(adjust(defaultConfig) as Config),
  };
};
