/**
 * Stand-in state machines for moto. moto's executor runs JSONPath definitions (JSONata needs a
 * JVM bridge it lacks) and has no EMR or Lambda integrations, so these keep the pipeline's shape
 * (a download Map over the tickers, then training) with Pass/Wait/Fail states.
 */
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/market-pipeline-state-machine';

type Options = { waitSeconds?: number; distributed?: boolean; failTraining?: boolean };

export function pipelineStandIn(options: Options = {}): string {
  return JSON.stringify({
    StartAt: 'PrepareInput',
    States: {
      PrepareInput: { Type: 'Pass', Next: 'DownloadTickers' },
      DownloadTickers: {
        Type: 'Map',
        ItemsPath: '$.tickers',
        MaxConcurrency: 4,
        ItemProcessor: {
          ProcessorConfig: options.distributed
            ? { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }
            : { Mode: 'INLINE' },
          StartAt: 'DownloadTicker',
          States: { DownloadTicker: { Type: 'Pass', End: true } },
        },
        ResultPath: null,
        Next: 'TrainModel',
      },
      TrainModel: options.failTraining
        ? { Type: 'Fail', Error: 'TrainingFailed', Cause: 'metrics.json was not written' }
        : { Type: 'Wait', Seconds: options.waitSeconds ?? 0, Next: 'Done' },
      Done: {
        Type: 'Pass',
        Result: {
          dataPrefix: 's3://market-pipeline-data/raw/',
          modelPrefix: 's3://market-pipeline-data/models/x/',
          metrics: 's3://market-pipeline-data/models/x/metrics.json',
        },
        End: true,
      },
    },
  });
}
