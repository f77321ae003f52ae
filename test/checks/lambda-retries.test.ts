import { describe, expect, it } from 'vitest';
import { lambdaRetries } from '../../checks/lambda-retries.ts';
import {
  at,
  broken,
  distributedBuild,
  inlineBuild,
  inner,
  pipelineBuild,
  trainBuild,
} from './helpers.ts';

const run = (d = inlineBuild.definition) => lambdaRetries.run(d, inlineBuild.checkContext);

describe('lambda-retries check', () => {
  it('passes both collect-bars variants and train-model', () => {
    expect([run(), run(distributedBuild.definition), run(trainBuild.definition)]).toStrictEqual([
      [],
      [],
      [],
    ]);
  });

  it('passes the composed pipeline, whose nested-execution Tasks call no Lambda', () => {
    expect(run(pipelineBuild.definition)).toStrictEqual([]);
  });

  it('fails on a Lambda task without the service-error retry', () => {
    const d = broken(inlineBuild.definition, (c) => {
      at(c, 'PrepareInput').Retry = [];
    });
    expect(run(d)).toStrictEqual([
      "State machine: Task 'PrepareInput': Retry does not cover Lambda.ServiceException, Lambda.AWSLambdaException, Lambda.SdkClientException, Lambda.ClientExecutionTimeoutException",
    ]);
  });

  it('fails when a retrier covers only some service errors, or has no attempts left', () => {
    const d = broken(inlineBuild.definition, (c) => {
      inner(c, 'DownloadTicker').Retry = [
        {
          ErrorEquals: [
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
          ],
        },
        { ErrorEquals: ['Lambda.ClientExecutionTimeoutException'], MaxAttempts: 0 },
      ];
    });
    expect(run(d)).toStrictEqual([
      "Map 'DownloadTickers' ItemProcessor: Task 'DownloadTicker': Retry does not cover Lambda.ClientExecutionTimeoutException",
    ]);
  });

  it("fails on a distributed child's Lambda task without the service-error retry", () => {
    const d = broken(distributedBuild.definition, (c) => {
      delete inner(c, 'DownloadBatch').Retry;
    });
    expect(run(d)).toStrictEqual([
      "Map 'DownloadTickers' ItemProcessor: Task 'DownloadBatch': Retry does not cover Lambda.ServiceException, Lambda.AWSLambdaException, Lambda.SdkClientException, Lambda.ClientExecutionTimeoutException",
    ]);
  });

  it('accepts States.ALL as covering the service errors', () => {
    const d = broken(inlineBuild.definition, (c) => {
      at(c, 'PrepareInput').Retry = [{ ErrorEquals: ['States.ALL'] }];
    });
    expect(run(d)).toStrictEqual([]);
  });
});
