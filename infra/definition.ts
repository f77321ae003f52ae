/**
 * The bridge between CDK context and workflows/: the definition each workflow deploys with (rebuilt
 * for these settings), and facts the stack reads from definitions (Lambda task
 * timeouts, the download Map's width). The definition is never edited here: what workflows/ emits is
 * what is deployed.
 */
import { Limits } from '../asl/constants.ts';
import { walkStates } from '../asl/graph.ts';
import type { RawFragment } from '../asl/raw-definition.ts';
import type { JsonObject, StateMachine } from '../asl/types.ts';
import type { Workflow } from '../workflows/registry.ts';
import type { Settings } from './settings.ts';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A workflow config with the deployment's settings, by the config sections it has: `universe`
 * gets the universe file's size, `emr` the instance types, count, market and idle timeout from
 * context, and the configs under `children` (a composed workflow's view of the workflows it
 * starts) the same. No workflow is named: every one deploys what its own sections say.
 */
export const deploymentConfig = (
  config: unknown,
  settings: Settings,
  universeSize: number,
): unknown => {
  if (!isRecord(config)) return config;
  const out: Record<string, unknown> = { ...config };
  if (isRecord(out.universe)) out.universe = { ...out.universe, size: universeSize };
  if (isRecord(out.emr)) {
    out.emr = {
      ...out.emr,
      primaryInstanceType: settings.masterInstanceType,
      coreInstanceType: settings.coreInstanceType,
      coreInstanceCount: settings.coreInstanceCount,
      coreMarket: settings.spot ? 'SPOT' : 'ON_DEMAND',
      idleTimeoutSeconds: settings.idleTimeoutMinutes * 60,
    };
  }
  if (isRecord(out.children)) {
    out.children = Object.fromEntries(
      Object.entries(out.children).map(([k, v]) => [
        k,
        deploymentConfig(v, settings, universeSize),
      ]),
    );
  }
  return out;
};

/** What the stack deploys for one workflow. */
export type DeployedBuild = {
  definition: StateMachine;
  /** The `${Name}` substitutions the definition uses. */
  placeholders: readonly string[];
};

/** Every workflow is rebuilt for the deployment (deploymentConfig). */
export const deployedBuild = (
  workflow: Workflow,
  settings: Settings,
  universeSize: number,
): DeployedBuild => {
  const { definition, placeholders } = workflow.buildAdjusted((config) =>
    deploymentConfig(config, settings, universeSize),
  );
  return { definition, placeholders };
};

/** Every state of the definition, nested Map/Parallel states included. */
export const allStates = (definition: object): Array<[string, JsonObject]> =>
  walkStates(definition as RawFragment).map(({ name, state }) => [name, state as JsonObject]);

/**
 * The smallest TimeoutSeconds of the Lambda tasks invoking `${placeholder}` in any of the
 * definitions; the function's own timeout is set below it so the function fails first and says why.
 */
export const lambdaTaskTimeout = (definitions: readonly object[], placeholder: string): number => {
  const timeouts = definitions
    .flatMap((definition) => allStates(definition))
    .filter(
      ([, s]) =>
        s.Type === 'Task' &&
        typeof s.Resource === 'string' &&
        s.Resource.startsWith('arn:aws:states:::lambda:invoke'),
    )
    .filter(
      ([, s]) => (s.Arguments as JsonObject | undefined)?.FunctionName === `\${${placeholder}}`,
    )
    .map(([name, s]) => {
      if (typeof s.TimeoutSeconds !== 'number') {
        throw new Error(
          `Task '${name}' invokes \${${placeholder}} without a numeric TimeoutSeconds`,
        );
      }
      return s.TimeoutSeconds;
    });
  if (timeouts.length === 0)
    throw new Error(`No Lambda task of any deployed definition invokes \${${placeholder}}`);
  return Math.min(...timeouts);
};

/**
 * The widest download of any definition: the largest MaxConcurrency of a Map whose iterations
 * invoke `${placeholder}` (INLINE: one ticker per iteration; DISTRIBUTED: one batch). An INLINE
 * MaxConcurrency of 0 (unbounded) counts as Step Functions' inline cap of 40; a DISTRIBUTED one
 * as unbounded. Other Maps (reading results from S3) do not count. 0 when no Map invokes it.
 */
export const downloadMapConcurrency = (
  definitions: readonly object[],
  placeholder: string,
): number => {
  const widths = definitions
    .flatMap((definition) => allStates(definition))
    .filter(([, s]) => s.Type === 'Map')
    .filter(([, s]) => JSON.stringify(s.ItemProcessor ?? {}).includes(`\${${placeholder}}`))
    .map(([name, s]) => {
      const width = s.MaxConcurrency ?? 0;
      if (typeof width !== 'number') {
        throw new Error(
          `Map '${name}' invokes \${${placeholder}} without a numeric MaxConcurrency`,
        );
      }
      const mode = (s.ItemProcessor as JsonObject | undefined)?.ProcessorConfig as
        | JsonObject
        | undefined;
      if (width > 0) return width;
      return mode?.Mode === 'DISTRIBUTED'
        ? Number.POSITIVE_INFINITY
        : Limits.inlineMapMaxConcurrency;
    });
  return Math.max(0, ...widths);
};

/** `${Name}` -> value, as Step Functions applies definitionSubstitutions (tests and checks). */
export const substitute = (json: string, values: Record<string, string>): string =>
  json.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => values[name] ?? whole);
