/**
 * What train-model tells the Spark job and the caller about the data it trained on: the window,
 * its sessions, the interval, the ticker count and the manifest key. The job keeps it in
 * metrics.json as `data` (train_model.py --data-description); the summary repeats it.
 */
import type { SucceedState } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { expr } from '../../builders/jsonata.ts';
import { succeed } from '../../builders/succeed.ts';
import { inputPrefixes, modelPrefix } from '../pipeline/paths.ts';

/** The data description, a JSONata object. */
export const dataDescription = `{
  'workflow': 'train-model',
  'executionName': $states.context.Execution.Name,
  'from': $run.from,
  'to': $run.to,
  'sessions': $run.dates,
  'interval': $run.interval,
  'tickers': $count($tickers),
  'manifest': $exists($run.manifest) ? $run.manifest : null
}`;

/** `--data-description <json>` for the training script. */
export const dataDescriptionArgs = ['--data-description', expr(`$string(${dataDescription})`)];

export const trainSummary = (): Named<SucceedState> =>
  succeed('Summary', {
    Output: expr(`{
      'executionName': $states.context.Execution.Name,
      'data': ${dataDescription},
      'coverage': $coverage,
      'inputPrefixes': ${inputPrefixes},
      'modelPrefix': ${modelPrefix},
      'metrics': ${modelPrefix} & 'metrics.json',
      'clusterId': $clusterId
    }`),
  });
