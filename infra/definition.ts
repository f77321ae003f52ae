/**
 * The bridge between CDK context and workflows/: the pipeline config for these settings, the
 * generated definition, and facts the stack reads from it (Lambda task timeouts, Distributed Map
 * labels). The definition is never edited here: what workflows/ emits is what is deployed.
 */
import { walkStates } from '../asl/graph.ts';
import type { RawFragment } from '../asl/raw-definition.ts';
import type { JsonObject } from '../asl/types.ts';
import {
  defaultPipelineConfig,
  type PipelineConfig,
  type PipelinePlaceholder,
} from '../workflows/market-data-pipeline.ts';
import type { Settings } from './settings.ts';

/** The default config with the deployment's EMR settings and universe size. */
export const pipelineConfigFor = (settings: Settings, universeSize: number): PipelineConfig => ({
  ...defaultPipelineConfig,
  universe: { ...defaultPipelineConfig.universe, size: universeSize },
  emr: {
    ...defaultPipelineConfig.emr,
    primaryInstanceType: settings.masterInstanceType,
    coreInstanceType: settings.coreInstanceType,
    coreInstanceCount: settings.coreInstanceCount,
    coreMarket: settings.spot ? 'SPOT' : 'ON_DEMAND',
    idleTimeoutSeconds: settings.idleTimeoutMinutes * 60,
  },
});

/** Every state of the definition, nested Map/Parallel states included. */
export const allStates = (definition: object): Array<[string, JsonObject]> =>
  walkStates(definition as RawFragment).map(({ name, state }) => [name, state as JsonObject]);

/**
 * The smallest TimeoutSeconds of the Lambda tasks invoking `${placeholder}`; the function's own
 * timeout is set below it so the function fails first and says why.
 */
export const lambdaTaskTimeout = (definition: object, placeholder: PipelinePlaceholder): number => {
  const timeouts = allStates(definition)
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
    throw new Error(`No Lambda task of the definition invokes \${${placeholder}}`);
  return Math.min(...timeouts);
};

/** Labels of DISTRIBUTED Map states ('*' for one without a Label: Step Functions picks it). */
export const distributedMapLabels = (definition: object): string[] =>
  allStates(definition)
    .filter(
      ([, s]) =>
        s.Type === 'Map' &&
        ((s.ItemProcessor as JsonObject | undefined)?.ProcessorConfig as JsonObject | undefined)
          ?.Mode === 'DISTRIBUTED',
    )
    .map(([, s]) => (typeof s.Label === 'string' ? s.Label : '*'));

/** `${Name}` -> value, as Step Functions applies definitionSubstitutions (tests and checks). */
export const substitute = (json: string, values: Record<string, string>): string =>
  json.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => values[name] ?? whole);
