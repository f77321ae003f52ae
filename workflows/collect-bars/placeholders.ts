/**
 * The `${Name}` substitutions collect-bars uses: the pipeline's (workflows/pipeline/placeholders.ts)
 * without the EMR ones and the logs bucket.
 */
import type { PipelinePlaceholder } from '../pipeline/placeholders.ts';

export const COLLECT_BARS_PLACEHOLDERS = [
  'DataBucket',
  'PrepareInputFunctionArn',
  'DownloadFunctionArn',
] as const satisfies readonly PipelinePlaceholder[];
