import { describe, expect, it } from 'vitest';
import type { TaskState } from '../../asl/types.ts';
import { defaultCollectBarsConfig } from '../../workflows/collect-bars/config.ts';
import {
  buildMarketDataPipeline,
  CHILD_TIMEOUT_MARGIN_SECONDS,
  defaultMarketDataPipelineConfig,
  type MarketDataPipelineConfig,
} from '../../workflows/market-data-pipeline.ts';
import { defaultTrainModelConfig } from '../../workflows/train-model/config.ts';
import { context, evaluate, stateOf } from './pipeline/helpers.ts';

const build = buildMarketDataPipeline(defaultMarketDataPipelineConfig);
const definition = build.definition;
const collect = stateOf(definition, 'CollectBars', 'Task') as TaskState;
const train = stateOf(definition, 'TrainModel', 'Task') as TaskState;
const args = (t: TaskState) => t.Arguments as Record<string, unknown>;

const states = (name = 'run-1') => ({
  input: {},
  context: { ...context(), Execution: { ...context().Execution, Name: name } },
});

describe('the composed market-data-pipeline', () => {
  it('validates the input, then starts collect-bars and train-model as nested executions', () => {
    expect(Object.keys(definition.States)).toStrictEqual([
      'ValidateInput',
      'CheckInput',
      'RejectInput',
      'CollectBars',
      'CheckDownloads',
      'InsufficientData',
      'TrainModel',
      'Summary',
      'NestedExecutionFailed',
    ]);
    for (const t of [collect, train]) {
      expect(t.Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
      // A retried StartExecution of a closed child would fail with ExecutionAlreadyExists.
      expect(t.Retry).toBeUndefined();
      expect(t.Catch).toStrictEqual([
        expect.objectContaining({
          ErrorEquals: ['States.TaskFailed'],
          Next: 'NestedExecutionFailed',
        }),
      ]);
    }
    expect(args(collect).StateMachineArn).toBe('${CollectBarsStateMachineArn}');
    expect(args(train).StateMachineArn).toBe('${TrainModelStateMachineArn}');
  });

  it('declares only the state machines it starts: no bucket, Lambda or EMR of its own', () => {
    expect(build.placeholders).toStrictEqual([
      'CollectBarsStateMachineArn',
      'TrainModelStateMachineArn',
    ]);
  });

  it('waits for each child beyond its own timeout, and times out only after both could', () => {
    const collectSeconds = defaultCollectBarsConfig.timeouts.executionSeconds;
    const trainSeconds = defaultTrainModelConfig.timeouts.executionSeconds;
    expect(collect.TimeoutSeconds).toBe(collectSeconds + CHILD_TIMEOUT_MARGIN_SECONDS);
    expect(train.TimeoutSeconds).toBe(trainSeconds + CHILD_TIMEOUT_MARGIN_SECONDS);
    expect(definition.TimeoutSeconds).toBe(
      collectSeconds + trainSeconds + 3 * CHILD_TIMEOUT_MARGIN_SECONDS,
    );
  });

  it('names children after itself, cut so that the name stays within 80 characters', async () => {
    expect(await evaluate(args(collect).Name, states('run-1'))).toBe('run-1-collect');
    expect(await evaluate(args(train).Name, states('run-1'))).toBe('run-1-train');
    const long = 'n'.repeat(80);
    const collectName = (await evaluate(args(collect).Name, states(long))) as string;
    const trainName = (await evaluate(args(train).Name, states(long))) as string;
    expect(collectName).toBe(`${'n'.repeat(72)}-collect`);
    expect(trainName).toBe(`${'n'.repeat(74)}-train`);
  });

  it("gives collect-bars the resolved window and the input's tickers, with the parent link", async () => {
    const run = {
      from: '2026-11-23',
      to: '2026-11-24',
      dates: ['2026-11-23', '2026-11-24'],
      interval: '5m',
      provider: 'synthetic',
      maxDepth: 5,
      testFraction: 0.2,
    };
    expect(await evaluate(args(collect).Input, states(), { run })).toStrictEqual({
      from: '2026-11-23',
      to: '2026-11-24',
      interval: '5m',
      provider: 'synthetic',
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: context().Execution.Id,
    });
    expect(
      await evaluate(args(collect).Input, states(), {
        run: { ...run, tickers: ['AZN.L'], replaceWithFewerRows: true },
      }),
    ).toMatchObject({ tickers: ['AZN.L'], replaceWithFewerRows: true });
  });

  it('gives train-model the key of the run manifest collect-bars wrote, and the model parameters', async () => {
    const collected = {
      manifest: 's3://market-pipeline-data/manifests/collect-bars/run-1-collect.json',
    };
    expect(
      await evaluate(args(train).Input, states(), {
        collected,
        run: { maxDepth: 7, testFraction: 0.3 },
      }),
    ).toStrictEqual({
      manifest: 'manifests/collect-bars/run-1-collect.json',
      maxDepth: 7,
      testFraction: 0.3,
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: context().Execution.Id,
    });
  });
});

describe("NestedExecutionFailed fails the parent with the child's own error and cause", () => {
  const caught = (cause: string) =>
    evaluate(collect.Catch?.[0]?.Output, {
      ...states(),
      errorOutput: { Error: 'States.TaskFailed', Cause: cause },
    });
  const describeExecution = (fields: Record<string, unknown>) =>
    JSON.stringify({
      ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:train-model:run-1-train',
      Name: 'run-1-train',
      ...fields,
    });

  it('re-raises a failed child as its error and cause', async () => {
    expect(
      await caught(
        describeExecution({
          Status: 'FAILED',
          Error: 'NoTrainingDataError',
          Cause: 'raw/interval=1m/ 2026-11-24..2026-11-24: no data: 2026-11-24',
        }),
      ),
    ).toStrictEqual({
      Error: 'NoTrainingDataError',
      Cause: 'raw/interval=1m/ 2026-11-24..2026-11-24: no data: 2026-11-24',
    });
  });

  it('names a timed-out child, which reports no error, States.Timeout', async () => {
    expect(await caught(describeExecution({ Status: 'TIMED_OUT' }))).toStrictEqual({
      Error: 'States.Timeout',
      Cause: 'nested execution run-1-train ended TIMED_OUT',
    });
  });

  it('keeps a cause that is not a DescribeExecution response as it is', async () => {
    expect(await caught('the service said no')).toStrictEqual({
      Error: 'States.TaskFailed',
      Cause: 'the service said no',
    });
  });

  it('raises them from the Fail state', async () => {
    const rethrow = stateOf(definition, 'NestedExecutionFailed', 'Fail');
    const input = { Error: 'NoTrainingDataError', Cause: 'why' };
    expect(await evaluate(rethrow.Error, { ...states(), input })).toBe('NoTrainingDataError');
    expect(await evaluate(rethrow.Cause, { ...states(), input })).toBe('why');
  });
});

describe('buildMarketDataPipeline refuses a config its children would contradict', () => {
  const withDefaults = (
    d: Partial<MarketDataPipelineConfig['defaults']>,
  ): MarketDataPipelineConfig => ({
    ...defaultMarketDataPipelineConfig,
    defaults: { ...defaultMarketDataPipelineConfig.defaults, ...d },
  });

  it('accepts windows as long as both children accept, and no longer', () => {
    const most = Math.min(
      defaultCollectBarsConfig.defaults.maxWindowDays,
      defaultTrainModelConfig.defaults.maxWindowDays,
    );
    expect(defaultMarketDataPipelineConfig.defaults.maxWindowDays).toBe(most);
    expect(() => buildMarketDataPipeline(withDefaults({ maxWindowDays: most + 1 }))).toThrow(
      `Pass ValidateInput: defaults.maxWindowDays must be at most collect-bars's (${defaultCollectBarsConfig.defaults.maxWindowDays} days), or it would refuse the window, got ${most + 1}`,
    );
  });

  it('refuses more input tickers than collect-bars takes', () => {
    expect(() =>
      buildMarketDataPipeline({
        ...defaultMarketDataPipelineConfig,
        universe: { ...defaultMarketDataPipelineConfig.universe, maxTickers: 100_000 },
      }),
    ).toThrow(/universe\.maxTickers \(default universe\.size\) must be at most collect-bars's/);
  });

  it('refuses a success ratio of 0', () => {
    expect(() =>
      buildMarketDataPipeline({
        ...defaultMarketDataPipelineConfig,
        download: { minSuccessRatio: 0 },
      }),
    ).toThrow('Choice CheckDownloads: download.minSuccessRatio must be a number in (0, 1], got 0');
  });

  it('refuses a tree depth the training job refuses', () => {
    expect(() =>
      buildMarketDataPipeline({
        ...defaultMarketDataPipelineConfig,
        training: { maxDepth: 31, testFraction: 0.2 },
      }),
    ).toThrow('Pass ValidateInput: training.maxDepth must be an integer between 1 and 30, got 31');
  });

  it('refuses a lookback longer than the longest window', () => {
    expect(() => buildMarketDataPipeline(withDefaults({ lookbackDays: 31 }))).toThrow(
      /Pass ValidateInput: defaults\.lookbackDays must be an integer between 1 and \d+ \(the weekday sessions a window of defaults\.maxWindowDays, \d+ days, always holds\), got 31/,
    );
  });
});
