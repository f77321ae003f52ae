/**
 * `--dry-run`'s estimate of what one execution costs on AWS, from the definition itself: billable
 * state transitions along the success path (Map item processors counted once per item, or per
 * batch in a distributed Map), Lambda GB-seconds, and EMR instance-hours from the cluster request.
 * Choice states take their longest branch and loops are counted once: an upper-bound-ish happy
 * path, not a simulation (retries and failure paths are not included). A Task that starts another
 * workflow (`states:startExecution*` of `${<Workflow>StateMachineArn}`) adds that workflow's own
 * estimate, once per start, when `started` resolves its definition: a composed workflow costs
 * what its children cost.
 */
import { edgesOf, nestedFragments } from '../asl/graph.ts';
import type { MapState, State, StateMachineFragment, TaskState } from '../asl/types.ts';
import { type Assumptions, DEFAULT_ASSUMPTIONS, INSTANCE_HOUR_PRICES } from './assumptions.ts';

export type Estimate = {
  items: number;
  transitions: number;
  expressExecutions: number;
  expressGbSeconds: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  emr: Array<{
    state: string;
    instanceType: string;
    instances: number;
    instanceHours: number;
    /** EMR's Market: SPOT is priced at the on-demand list price (an upper bound). */
    market?: string;
  }>;
  cost: {
    stepFunctions: number;
    lambda: number;
    emr?: number;
    total: number;
  };
  /** The workflows it starts, by the state that starts them, in order (nested ones too). */
  nested: Array<{ state: string; stateMachine: string }>;
  /** Why a figure may be off, e.g. an instance type with no known price. */
  warnings: string[];
  assumptions: Assumptions;
};

type Tally = {
  transitions: number;
  expressExecutions: number;
  expressGbSeconds: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  emr: Estimate['emr'];
  nested: Estimate['nested'];
};

/** The definition a `${<Workflow>StateMachineArn}` placeholder names, if it is known. */
export type StartedDefinitions = (
  placeholder: string,
) => { name: string; definition: StateMachineFragment } | undefined;

const LAMBDA_RESOURCE = /^arn:aws:states:::lambda:invoke|^arn:aws[a-z-]*:lambda:/;
const CREATE_CLUSTER = /^arn:aws:states:::elasticmapreduce:createCluster/;
const START_EXECUTION = /^arn:aws:states:::states:startExecution/;
const PLACEHOLDER = /^\$\{([A-Za-z0-9_]+)\}$/;
/** A workflow that starts itself, however deep: counted this many levels down, no further. */
const MAX_NESTING = 5;
const EXPRESS_MEMORY_GB = 0.064;

export function estimateRun(
  definition: StateMachineFragment,
  items: number,
  overrides: Partial<Assumptions> = {},
  started: StartedDefinitions = () => undefined,
): Estimate {
  const assumptions: Assumptions = { ...DEFAULT_ASSUMPTIONS, ...overrides };
  const tally: Tally = {
    transitions: 0,
    expressExecutions: 0,
    expressGbSeconds: 0,
    lambdaInvocations: 0,
    lambdaGbSeconds: 0,
    emr: [],
    nested: [],
  };
  const warnings: string[] = [];
  let nesting = 0;
  walk(definition, { multiplier: 1, secondsPerCall: assumptions.lambdaSecondsPerCall, depth: 0 });

  const stepFunctions =
    (tally.transitions / 1000) * assumptions.transitionPricePer1000 +
    (tally.expressExecutions / 1e6) * assumptions.expressRequestPricePerMillion +
    tally.expressGbSeconds * assumptions.expressGbSecondPrice;
  const lambda =
    tally.lambdaGbSeconds * assumptions.lambdaGbSecondPrice +
    (tally.lambdaInvocations / 1e6) * assumptions.lambdaRequestPricePerMillion;
  let emr: number | undefined = 0;
  for (const cluster of tally.emr) {
    const price = assumptions.instanceHourPrice ?? hourPrice(cluster.instanceType);
    if (price === undefined) {
      warnings.push(
        `no list price for ${cluster.instanceType}: pass --assume instanceHourPrice=<USD> for the EMR cost`,
      );
      emr = undefined;
      break;
    }
    emr += cluster.instanceHours * price;
  }
  if (tally.emr.some((cluster) => cluster.market === 'SPOT')) {
    warnings.push('Spot instance groups are priced at the on-demand list price: an upper bound');
  }
  return {
    items,
    ...tally,
    cost: {
      stepFunctions,
      lambda,
      ...(emr !== undefined ? { emr } : {}),
      total: stepFunctions + lambda + (emr ?? 0),
    },
    warnings,
    assumptions,
  };

  type Scope = { multiplier: number; secondsPerCall: number; depth: number };

  function walk(fragment: StateMachineFragment, scope: Scope): void {
    // Longest path from StartAt; a state already on the path (a loop) ends it.
    const best = longest(fragment, fragment.StartAt, new Set(), scope);
    for (const name of best) visit(name, fragment.States[name] as State, scope);
  }

  /** State names on the path with the most transitions (cost of nested work ignored here). */
  function longest(
    fragment: StateMachineFragment,
    name: string,
    onPath: Set<string>,
    scope: Scope,
  ): string[] {
    const state = fragment.States[name];
    if (!state || onPath.has(name)) return [];
    onPath.add(name);
    // The success path: every transition but a Catch.
    const nexts = edgesOf(state).filter((edge) => !edge.via.startsWith('Catch'));
    let tail: string[] = [];
    for (const next of nexts) {
      const candidate = longest(fragment, next.to, onPath, scope);
      if (candidate.length > tail.length) tail = candidate;
    }
    onPath.delete(name);
    return [name, ...tail];
  }

  function visit(name: string, state: State, scope: Scope): void {
    tally.transitions += scope.multiplier;
    if (state.Type === 'Task') visitTask(name, state, scope);
    const nested = nestedFragments(name, state);
    if (nested.length === 0) return;
    // A Parallel runs each branch once per run of the state; a Map runs its processor per item.
    const inner =
      state.Type === 'Map'
        ? mapRuns(state, scope)
        : { scope: { ...scope, depth: scope.depth + 1 }, billsTransitions: true };
    const before = tally.transitions;
    for (const n of nested) walk(n.fragment, inner.scope);
    if (!inner.billsTransitions) tally.transitions = before;
  }

  function visitTask(name: string, state: TaskState, scope: Scope): void {
    if (LAMBDA_RESOURCE.test(state.Resource)) {
      tally.lambdaInvocations += scope.multiplier;
      tally.lambdaGbSeconds += scope.multiplier * scope.secondsPerCall * gbOf(assumptions);
    }
    if (START_EXECUTION.test(state.Resource)) visitStart(name, state, scope);
    if (CREATE_CLUSTER.test(state.Resource)) {
      for (const group of instanceGroups(state.Arguments, assumptions)) {
        tally.emr.push({
          state: name,
          ...group,
          instanceHours: (scope.multiplier * group.instances * assumptions.clusterMinutes) / 60,
        });
      }
    }
  }

  /** A started workflow: its whole run, at the top level of its own execution, per start. */
  function visitStart(name: string, state: TaskState, scope: Scope): void {
    const arn = (state.Arguments as Record<string, unknown> | undefined)?.StateMachineArn;
    const placeholder = typeof arn === 'string' ? PLACEHOLDER.exec(arn)?.[1] : undefined;
    const child = placeholder === undefined ? undefined : started(placeholder);
    if (child === undefined || placeholder === undefined) {
      warnings.push(
        `the execution ${name} starts (${typeof arn === 'string' ? arn : 'an expression'}) is not estimated: its definition is not known here`,
      );
      return;
    }
    tally.nested.push({ state: name, stateMachine: child.name });
    if (nesting >= MAX_NESTING) {
      warnings.push(`nested executions deeper than ${MAX_NESTING} levels are not estimated`);
      return;
    }
    nesting += 1;
    walk(child.definition, {
      ...scope,
      secondsPerCall: assumptions.lambdaSecondsPerCall,
      depth: 0,
    });
    nesting -= 1;
  }

  /** The scope of a Map's item processor: how many runs, and whether they bill transitions. */
  function mapRuns(state: MapState, scope: Scope): { scope: Scope; billsTransitions: boolean } {
    // Only the outermost Map iterates the tickers; a nested Map is counted as one item.
    const mapItems = scope.depth === 0 ? items : 1;
    const distributed = state.ItemProcessor.ProcessorConfig?.Mode === 'DISTRIBUTED';
    const batch =
      distributed && typeof state.ItemBatcher?.MaxItemsPerBatch === 'number'
        ? Math.max(1, state.ItemBatcher.MaxItemsPerBatch)
        : 1;
    const runs = Math.ceil(mapItems / batch);
    const secondsPerCall = batch * assumptions.lambdaSecondsPerItem;
    const inner = { multiplier: scope.multiplier * runs, secondsPerCall, depth: scope.depth + 1 };
    const config = state.ItemProcessor.ProcessorConfig;
    if (config?.Mode === 'DISTRIBUTED' && config.ExecutionType === 'EXPRESS') {
      // Express children bill per execution and duration, not per transition.
      tally.expressExecutions += scope.multiplier * runs;
      tally.expressGbSeconds += scope.multiplier * runs * secondsPerCall * EXPRESS_MEMORY_GB;
      return { scope: inner, billsTransitions: false };
    }
    return { scope: inner, billsTransitions: true };
  }
}

function gbOf(assumptions: Assumptions): number {
  return assumptions.lambdaMemoryMb / 1024;
}

function hourPrice(instanceType: string): number | undefined {
  const price = INSTANCE_HOUR_PRICES[instanceType];
  return price ? price.ec2 + price.emr : undefined;
}

/**
 * Instance groups or fleets of a RunJobFlow request. Values left to `${Placeholder}` substitutions
 * or JSONata are unknown at dry-run time and take the assumed instance type and count.
 */
function instanceGroups(
  args: unknown,
  assumptions: Assumptions,
): Array<{ instanceType: string; instances: number; market?: string }> {
  const instances = (args as { Instances?: Record<string, unknown> } | undefined)?.Instances;
  const literalType = (value: unknown) =>
    typeof value === 'string' && /^[a-z0-9]+\.[a-z0-9]+$/.test(value)
      ? value
      : assumptions.instanceType;
  const literalCount = (value: unknown) =>
    typeof value === 'number' && value >= 0 ? value : assumptions.instanceCount;
  const groups = instances?.InstanceGroups;
  if (Array.isArray(groups) && groups.length > 0) {
    return groups.map((group: Record<string, unknown>) => ({
      instanceType: literalType(group.InstanceType),
      instances: literalCount(group.InstanceCount),
      ...(typeof group.Market === 'string' ? { market: group.Market } : {}),
    }));
  }
  const fleets = instances?.InstanceFleets;
  if (Array.isArray(fleets) && fleets.length > 0) {
    return fleets.map((fleet: Record<string, unknown>) => {
      const configs = fleet.InstanceTypeConfigs as Array<Record<string, unknown>> | undefined;
      const onDemand = fleet.TargetOnDemandCapacity;
      const spot = fleet.TargetSpotCapacity;
      const count =
        typeof onDemand === 'number' || typeof spot === 'number'
          ? (typeof onDemand === 'number' ? onDemand : 0) + (typeof spot === 'number' ? spot : 0)
          : assumptions.instanceCount;
      return {
        instanceType: literalType(configs?.[0]?.InstanceType),
        instances: count,
        ...(typeof spot === 'number' && spot > 0 ? { market: 'SPOT' } : {}),
      };
    });
  }
  if (instances && ('MasterInstanceType' in instances || 'InstanceCount' in instances)) {
    return [
      {
        instanceType: literalType(instances.MasterInstanceType ?? instances.SlaveInstanceType),
        instances: literalCount(instances.InstanceCount),
      },
    ];
  }
  return [{ instanceType: assumptions.instanceType, instances: assumptions.instanceCount }];
}
