import { describe, expect, it } from 'vitest';
import {
  buildMarketDataPipeline,
  defaultPipelineConfig,
  PIPELINE_PLACEHOLDERS,
  type PipelineConfig,
} from '../../workflows/market-data-pipeline.ts';

const withDownload = (d: Partial<PipelineConfig['download']>): PipelineConfig => ({
  ...defaultPipelineConfig,
  download: { ...defaultPipelineConfig.download, ...d },
});
const withUniverse = (
  size: number,
  download: Partial<PipelineConfig['download']> = {},
): PipelineConfig => ({
  ...withDownload(download),
  universe: { key: 'config/universe.csv', size },
});
const withEmr = (e: Partial<PipelineConfig['emr']>): PipelineConfig => ({
  ...defaultPipelineConfig,
  emr: { ...defaultPipelineConfig.emr, ...e },
});
const withTraining = (t: Partial<PipelineConfig['training']>): PipelineConfig => ({
  ...defaultPipelineConfig,
  training: { ...defaultPipelineConfig.training, ...t },
});

describe('buildMarketDataPipeline', () => {
  it('uses an inline Map for the shipped 100-ticker universe', () => {
    expect(buildMarketDataPipeline(defaultPipelineConfig).downloadMode).toBe('inline');
  });

  it('switches to a distributed Map above inlineMaxTickers', () => {
    const build = buildMarketDataPipeline(withUniverse(251));
    expect(build.downloadMode).toBe('distributed');
    expect(build.definition.States.DownloadTickers).toMatchObject({
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' } },
    });
  });

  it('declares exactly the placeholders infra and the local runtime must supply', () => {
    expect(buildMarketDataPipeline(defaultPipelineConfig).placeholders).toStrictEqual([
      'DataBucket',
      'LogsBucket',
      'PrepareInputFunctionArn',
      'DownloadFunctionArn',
      'EmrServiceRole',
      'EmrInstanceProfile',
      'EmrSubnetId',
      'EmrSecurityConfiguration',
    ]);
    expect(PIPELINE_PLACEHOLDERS).toHaveLength(8);
  });

  it('sets the execution timeout from the config', () => {
    expect(buildMarketDataPipeline(defaultPipelineConfig).definition.TimeoutSeconds).toBe(21_600);
  });
});

describe('buildMarketDataPipeline refuses misuse, naming the state and the value', () => {
  it('refuses a negative concurrency', () => {
    expect(() => buildMarketDataPipeline(withDownload({ maxConcurrency: -1 }))).toThrow(
      "Map 'DownloadTickers': MaxConcurrency must be an integer >= 0, got -1",
    );
  });

  it('refuses an inline concurrency above 40', () => {
    expect(() => buildMarketDataPipeline(withDownload({ maxConcurrency: 50 }))).toThrow(
      "Map 'DownloadTickers': MaxConcurrency must be <= 40 in INLINE mode, got 50",
    );
  });

  it.each([59, 604_801])('refuses an idle timeout of %i seconds', (idle) => {
    expect(() => buildMarketDataPipeline(withEmr({ idleTimeoutSeconds: idle }))).toThrow(
      `Task 'CreateCluster': emr.idleTimeoutSeconds (AutoTerminationPolicy.IdleTimeout) must be an integer between 60 and 604800, got ${idle}`,
    );
  });

  it('refuses a missing training script location', () => {
    expect(() => buildMarketDataPipeline(withTraining({ scriptKey: '' }))).toThrow(
      `Task 'Train': training.scriptKey (the Spark script location) is required (a key in the data bucket), got ""`,
    );
  });

  it('refuses a script location given as an s3:// URI', () => {
    expect(() => buildMarketDataPipeline(withTraining({ scriptKey: 's3://b/train.py' }))).toThrow(
      "Task 'Train': training.scriptKey (the Spark script location) must be a key in the data bucket ending in .py",
    );
  });

  it('refuses an EMR release before 7.x', () => {
    expect(() => buildMarketDataPipeline(withEmr({ releaseLabel: 'emr-6.15.0' }))).toThrow(
      `Task 'CreateCluster': emr.releaseLabel (ReleaseLabel) must be an EMR 7.x or later release like emr-7.12.0, got "emr-6.15.0"`,
    );
  });

  it('refuses a success ratio of 0', () => {
    expect(() => buildMarketDataPipeline(withDownload({ minSuccessRatio: 0 }))).toThrow(
      'Choice CheckDownloads: download.minSuccessRatio must be a number in (0, 1], got 0',
    );
  });

  it('refuses a lookback longer than the longest window', () => {
    expect(() =>
      buildMarketDataPipeline({
        ...defaultPipelineConfig,
        defaults: { ...defaultPipelineConfig.defaults, lookbackDays: 31 },
      }),
    ).toThrow(
      'Pass ValidateInput: defaults.lookbackDays must be an integer between 1 and 21 (the weekday sessions a window of defaults.maxWindowDays, 30 days, always holds), got 31',
    );
  });
});

describe('buildMarketDataPipeline refuses configs beyond Step Functions limits', () => {
  const message = (config: PipelineConfig) => {
    try {
      buildMarketDataPipeline(config);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('the build did not throw');
  };

  it('names the history limit and the overshoot for a huge inline universe', () => {
    expect(message(withUniverse(1000, { mode: 'inline' }))).toMatch(
      'execution history: an estimated 33,084 events at 1,000 tickers exceed the 25,000 event limit by 8,084 events',
    );
  });

  it('names the payload limit and the overshoot when the inline Map result would pass 256 KiB', () => {
    expect(message(withUniverse(1500, { mode: 'inline' }))).toMatch(
      /payload size: the DownloadTickers Map result \(1,500 tickers\) is up to 303,002 bytes, over the 262,144 byte \(256 KiB\) limit by 40,858 bytes/,
    );
  });

  it('refuses an execution timeout that would cut off the teardown', () => {
    const config = {
      ...defaultPipelineConfig,
      timeouts: { ...defaultPipelineConfig.timeouts, executionSeconds: 3600 },
    };
    expect(message(config)).toMatch(
      'timeouts.executionSeconds (3600) is 6720 s short of the stage timeouts (10320 s): an execution timeout runs no Catch',
    );
  });

  it('accepts a 100,000-ticker universe in distributed mode with enough concurrency', () => {
    const config = {
      ...withUniverse(100_000, { maxConcurrency: 500 }),
      timeouts: { ...defaultPipelineConfig.timeouts, executionSeconds: 86_400 },
    };
    expect(buildMarketDataPipeline(config).estimates).toMatchObject({
      historyEvents: 184,
      childHistoryEvents: { DownloadTickers: 33 },
      downloadPayloadBytes: 132_002,
    });
  });

  it('names the read-back payload when result files would be too large to read', () => {
    const config = {
      ...withUniverse(200_000, { maxConcurrency: 1000 }),
      timeouts: { ...defaultPipelineConfig.timeouts, executionSeconds: 86_400 },
    };
    expect(message(config)).toMatch(
      'payload size: one result file read back by ReadResultFile (8,000 batches) is up to 264,002 bytes, over the 262,144 byte (256 KiB) limit by 1,858 bytes',
    );
  });
});
