/**
 * S3 locations of a run as JSONata fragments (not wrapped in `{% %}`), shared by the training
 * step and the summary so both always name the same prefixes. Layout: docs/architecture.md.
 */
import { ph } from './placeholders.ts';

const bucket = `s3://${ph('DataBucket')}`;

/** `s3://<data>/raw/interval=<i>/`: where the download Lambda writes this run's bars. */
export const dataPrefix = `'${bucket}/raw/interval=' & $run.interval & '/'`;

/** One `raw/interval=<i>/date=<d>/` prefix per session of the window. */
export const inputPrefixes = `[$run.dates.('${bucket}/raw/interval=' & $run.interval & '/date=' & $ & '/')]`;

/** `s3://<data>/models/<execution-name>/`: the Spark step's output. */
export const modelPrefix = `'${bucket}/models/' & $states.context.Execution.Name & '/'`;

/** Key prefix (no bucket) of the Distributed Map result files of this run. */
export const manifestKeyPrefix = `'manifests/' & $states.context.Execution.Name`;

/** Key of the ticker list written for a Distributed Map run over input tickers. */
export const tickerListKey = `'manifests/' & $states.context.Execution.Name & '/tickers.csv'`;
