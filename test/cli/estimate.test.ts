import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../asl/types.ts';
import { estimateRun } from '../../cli/estimate.ts';

const lambda = 'arn:aws:states:::lambda:invoke';

/** Prepare (Lambda) -> Download (inline Map: one Lambda per item) -> CreateCluster -> Done. */
function pipeline(map: Partial<StateMachine['States'][string]> = {}): StateMachine {
  return {
    QueryLanguage: 'JSONata',
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Task', Resource: lambda, Next: 'Download' },
      Download: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'Get',
          States: { Get: { Type: 'Task', Resource: lambda, End: true } },
        },
        Next: 'Check',
        ...map,
      } as StateMachine['States'][string],
      Check: {
        Type: 'Choice',
        Choices: [{ Condition: '{% true %}', Next: 'CreateCluster' }],
        Default: 'TooFew',
      },
      TooFew: { Type: 'Fail', Error: 'InsufficientDataError' },
      CreateCluster: {
        Type: 'Task',
        Resource: 'arn:aws:states:::elasticmapreduce:createCluster.sync',
        Arguments: {
          Instances: {
            InstanceGroups: [
              { InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1 },
              {
                InstanceRole: 'CORE',
                // A definition substitution, unknown until deployment.
                InstanceType: ['$', '{CoreType}'].join(''),
                InstanceCount: 2,
                Market: 'SPOT',
              },
            ],
          },
        },
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  };
}

describe('estimateRun', () => {
  it('counts one transition per state on the success path plus one per Map item state', () => {
    // Prepare, Download, Check, CreateCluster, Done = 5; 10 items x Get = 10.
    expect(estimateRun(pipeline(), 10).transitions).toBe(15);
  });

  it('takes the longer branch of a Choice', () => {
    // CreateCluster -> Done is longer than TooFew.
    expect(estimateRun(pipeline(), 0).transitions).toBe(5);
  });

  it('counts Lambda GB-seconds from memory and seconds per item', () => {
    const estimate = estimateRun(pipeline(), 10, {
      lambdaMemoryMb: 512,
      lambdaSecondsPerItem: 3,
      lambdaSecondsPerCall: 1,
    });
    expect(estimate.lambdaInvocations).toBe(11);
    // 10 x 3 s x 0.5 GB + 1 x 1 s x 0.5 GB
    expect(estimate.lambdaGbSeconds).toBeCloseTo(15.5, 10);
  });

  it('counts a distributed batched Map per batch and bills each batch for all its items', () => {
    const estimate = estimateRun(
      pipeline({
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Get',
          States: { Get: { Type: 'Task', Resource: lambda, End: true } },
        },
        ItemBatcher: { MaxItemsPerBatch: 25 },
      }),
      100,
      { lambdaMemoryMb: 1024, lambdaSecondsPerItem: 2, lambdaSecondsPerCall: 1 },
    );
    expect(estimate.lambdaInvocations).toBe(1 + 4);
    expect(estimate.transitions).toBe(5 + 4);
    expect(estimate.lambdaGbSeconds).toBeCloseTo(1 + 4 * 25 * 2, 10);
  });

  it('bills Express child executions per execution, not per transition', () => {
    const estimate = estimateRun(
      pipeline({
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'Get',
          States: { Get: { Type: 'Task', Resource: lambda, End: true } },
        },
        ItemBatcher: { MaxItemsPerBatch: 10 },
      }),
      100,
    );
    expect(estimate.expressExecutions).toBe(10);
    expect(estimate.transitions).toBe(5);
  });

  it('takes EMR instance-hours from the cluster request, using assumptions for placeholders', () => {
    const estimate = estimateRun(pipeline(), 10, { clusterMinutes: 30, instanceType: 'r5.xlarge' });
    expect(estimate.emr).toStrictEqual([
      { state: 'CreateCluster', instanceType: 'm5.xlarge', instances: 1, instanceHours: 0.5 },
      {
        state: 'CreateCluster',
        instanceType: 'r5.xlarge',
        instances: 2,
        instanceHours: 1,
        market: 'SPOT',
      },
    ]);
  });

  it('prices the run from the stated assumptions', () => {
    const estimate = estimateRun(pipeline(), 10, {
      clusterMinutes: 60,
      instanceHourPrice: 1,
      transitionPricePer1000: 1,
      lambdaGbSecondPrice: 0,
      lambdaRequestPricePerMillion: 0,
    });
    expect(estimate.cost.emr).toBeCloseTo(3, 10);
    expect(estimate.cost.stepFunctions).toBeCloseTo(0.015, 10);
    expect(estimate.cost.total).toBeCloseTo(3.015, 10);
  });

  it('warns instead of guessing when an instance type has no known price', () => {
    const estimate = estimateRun(pipeline(), 1, { instanceType: 'x9.huge' });
    expect(estimate.cost.emr).toBeUndefined();
    expect(estimate.warnings[0]).toMatch(
      /no list price for x9.huge: pass --assume instanceHourPrice=/,
    );
  });

  it('warns that Spot groups are priced at the on-demand price', () => {
    expect(estimateRun(pipeline(), 1).warnings).toContain(
      'Spot instance groups are priced at the on-demand list price: an upper bound',
    );
  });

  it('counts a state loop once', () => {
    const looping: StateMachine = {
      QueryLanguage: 'JSONata',
      StartAt: 'Poll',
      States: {
        Poll: { Type: 'Wait', Seconds: 5, Next: 'Ready' },
        Ready: {
          Type: 'Choice',
          Choices: [{ Condition: '{% false %}', Next: 'Poll' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    expect(estimateRun(looping, 1).transitions).toBe(3);
  });
});

describe('estimateRun over nested executions', () => {
  const start = (workflow: string, next?: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::states:startExecution.sync:2',
    Arguments: { StateMachineArn: `\${${workflow}StateMachineArn}`, Input: {} },
    ...(next === undefined ? { End: true } : { Next: next }),
  });
  const parent = {
    QueryLanguage: 'JSONata',
    StartAt: 'Collect',
    States: { Collect: start('Child', 'Done'), Done: { Type: 'Succeed' } },
  } as unknown as StateMachine;
  const child = pipeline();

  it("adds the started workflow's own estimate, its Map over the same items", () => {
    const alone = estimateRun(child, 10);
    const composed = estimateRun(parent, 10, {}, (placeholder) =>
      placeholder === 'ChildStateMachineArn' ? { name: 'child', definition: child } : undefined,
    );
    // Collect and Done, plus everything the child runs.
    expect(composed.transitions).toBe(alone.transitions + 2);
    expect(composed.lambdaInvocations).toBe(alone.lambdaInvocations);
    expect(composed.emr).toStrictEqual(alone.emr);
    expect(composed.cost.total).toBeCloseTo(alone.cost.total + (2 / 1000) * 0.025, 10);
    expect(composed.nested).toStrictEqual([{ state: 'Collect', stateMachine: 'child' }]);
    expect(composed.warnings.filter((w) => w.includes('not estimated'))).toStrictEqual([]);
  });

  it('warns, naming the state, when it cannot know what a state starts', () => {
    const e = estimateRun(parent, 10);
    expect(e.transitions).toBe(2);
    expect(e.warnings).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the definition's placeholder, literally
      'the execution Collect starts (${ChildStateMachineArn}) is not estimated: its definition is not known here',
    );
  });

  it('stops counting a workflow that starts itself after five levels, and says so', () => {
    const recursive = {
      QueryLanguage: 'JSONata',
      StartAt: 'Again',
      States: { Again: start('Self') },
    } as unknown as StateMachine;
    const e = estimateRun(recursive, 1, {}, () => ({ name: 'self', definition: recursive }));
    expect(e.transitions).toBe(6);
    expect(e.warnings).toContain('nested executions deeper than 5 levels are not estimated');
  });
});
