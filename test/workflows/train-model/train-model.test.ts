import { describe, expect, it } from 'vitest';
import {
  defaultTrainModelConfig,
  type TrainModelConfig,
} from '../../../workflows/train-model/config.ts';
import { buildTrainModel } from '../../../workflows/train-model/train-model.ts';
import { context, evaluate, stateOf } from '../pipeline/helpers.ts';
import { build, definition, sampleRun, withConfig } from './helpers.ts';

describe('train-model', () => {
  it('checks the input and the data before the cluster states, which the pipeline shares', () => {
    expect(Object.keys(definition.States)).toStrictEqual([
      'ValidateInput',
      'CheckInput',
      'RejectInput',
      'ChooseDataSource',
      'ReadRunManifest',
      'CheckManifest',
      'RejectManifest',
      'PrepareInput',
      'ListSessions',
      'CheckTrainingData',
      'NoTrainingData',
      'CreateCluster',
      'Train',
      'TerminateCluster',
      'Summary',
      'TerminateClusterAfterFailure',
      'RethrowFailure',
    ]);
  });

  it('declares the placeholders it uses: no download Lambda', () => {
    expect(build.placeholders).toStrictEqual([
      'DataBucket',
      'LogsBucket',
      'PrepareInputFunctionArn',
      'EmrServiceRole',
      'EmrInstanceProfile',
      'EmrSubnetId',
      'EmrSecurityConfiguration',
    ]);
  });

  it("resolves tickers from a distributed manifest's file, else the universe", async () => {
    const prepare = stateOf(definition, 'PrepareInput', 'Task');
    const payload = async (run: object) =>
      (
        (await evaluate(prepare.Arguments, { context: context() }, { run })) as {
          Payload: { universeKey: string };
        }
      ).Payload.universeKey;
    expect(await payload(sampleRun)).toBe('config/universe.csv');
    expect(await payload({ ...sampleRun, tickerFile: 'manifests/c-1/tickers.csv' })).toBe(
      'manifests/c-1/tickers.csv',
    );
  });

  it('passes the data description to the training script after its parameters', async () => {
    const train = stateOf(definition, 'Train', 'Task');
    const args = (await evaluate(
      train.Arguments,
      { context: context() },
      {
        run: { ...sampleRun, manifest: 'manifests/collect-bars/c-1.json' },
        tickers: ['AZN.L', 'BP.L'],
        clusterId: 'j-1',
      },
    )) as { Step: { HadoopJarStep: { Args: string[] } } };
    const list = args.Step.HadoopJarStep.Args;
    expect(list.slice(-4, -2)).toStrictEqual(['--test-fraction', '0.2']);
    expect(list.at(-2)).toBe('--data-description');
    expect(JSON.parse(list.at(-1) ?? '')).toStrictEqual({
      workflow: 'train-model',
      executionName: 'run-1',
      from: '2026-11-24',
      to: '2026-11-24',
      sessions: ['2026-11-24'],
      interval: '1m',
      tickers: 2,
      manifest: 'manifests/collect-bars/c-1.json',
    });
  });

  it('tears the cluster down on every path, as the pipeline does', () => {
    for (const name of ['Train', 'TerminateCluster']) {
      expect(stateOf(definition, name, 'Task').Catch?.[0]?.Next).toBe(
        'TerminateClusterAfterFailure',
      );
    }
  });
});

describe('buildTrainModel refuses misuse, naming the state and the value', () => {
  it('refuses more tickers than one listing of a session returns', () => {
    expect(() => buildTrainModel(withConfig({ universe: { maxTickers: 1001 } }))).toThrow(
      "Map 'ListSessions': universe.maxTickers (default universe.size) must be at most 1000, the tickers one listing of a session returns, got 1001",
    );
  });

  it.each([0, 1.5])('refuses a minimum ticker share of %s', (r) => {
    expect(() => buildTrainModel(withConfig({ data: { minTickerRatio: r } }))).toThrow(
      `Choice CheckTrainingData: data.minTickerRatio must be a number in (0, 1], got ${r}`,
    );
  });

  it('refuses a listing concurrency above the inline Map limit', () => {
    expect(() => buildTrainModel(withConfig({ data: { maxConcurrency: 41 } }))).toThrow(
      "Map 'ListSessions': data.maxConcurrency (MaxConcurrency) must be an integer between 1 and 40, got 41",
    );
  });

  it('refuses an execution timeout that would skip the teardown', () => {
    expect(() => buildTrainModel(withConfig({ timeouts: { executionSeconds: 3600 } }))).toThrow(
      'timeouts.executionSeconds (3600) is 3960 s short of the stage timeouts (7560 s): an execution timeout runs no Catch, so the cluster teardown would be skipped',
    );
  });

  it('sets the gate threshold from the config', () => {
    const built = buildTrainModel(withConfig({ data: { minTickerRatio: 0.5 } })).definition;
    expect(stateOf(built, 'CheckTrainingData', 'Choice').Comment).toBe(
      'Enough sessions hold data, each with at least 50% of the tickers',
    );
  });
});

describe('buildTrainModel refuses misuse of the cluster and training sections, naming the state', () => {
  const withEmr = (e: Partial<TrainModelConfig['emr']>): TrainModelConfig => ({
    ...defaultTrainModelConfig,
    emr: { ...defaultTrainModelConfig.emr, ...e },
  });
  const withTraining = (t: Partial<TrainModelConfig['training']>): TrainModelConfig => ({
    ...defaultTrainModelConfig,
    training: { ...defaultTrainModelConfig.training, ...t },
  });

  it.each([59, 604_801])('refuses an idle timeout of %i seconds', (idle) => {
    expect(() => buildTrainModel(withEmr({ idleTimeoutSeconds: idle }))).toThrow(
      `Task 'CreateCluster': emr.idleTimeoutSeconds (AutoTerminationPolicy.IdleTimeout) must be an integer between 60 and 604800, got ${idle}`,
    );
  });

  it('refuses an EMR release before 7.x', () => {
    expect(() => buildTrainModel(withEmr({ releaseLabel: 'emr-6.15.0' }))).toThrow(
      `Task 'CreateCluster': emr.releaseLabel (ReleaseLabel) must be an EMR 7.x or later release like emr-7.12.0, got "emr-6.15.0"`,
    );
  });

  it('refuses a missing training script location', () => {
    expect(() => buildTrainModel(withTraining({ scriptKey: '' }))).toThrow(
      `Task 'Train': training.scriptKey (the Spark script location) is required (a key in the data bucket), got ""`,
    );
  });

  it('refuses a script location given as an s3:// URI', () => {
    expect(() => buildTrainModel(withTraining({ scriptKey: 's3://b/train.py' }))).toThrow(
      "Task 'Train': training.scriptKey (the Spark script location) must be a key in the data bucket ending in .py",
    );
  });

  it('refuses an execution timeout that would cut off the teardown', () => {
    expect(() => buildTrainModel(withConfig({ timeouts: { executionSeconds: 3600 } }))).toThrow(
      'timeouts.executionSeconds (3600) is 3960 s short of the stage timeouts (7560 s): an execution timeout runs no Catch',
    );
  });
});
