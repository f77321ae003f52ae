/**
 * The `${Name}` substitutions train-model uses: the pipeline's (workflows/pipeline/placeholders.ts)
 * without the download Lambda.
 */
import type { PipelinePlaceholder } from '../pipeline/placeholders.ts';

export const TRAIN_MODEL_PLACEHOLDERS = [
  'DataBucket',
  'LogsBucket',
  'PrepareInputFunctionArn',
  'EmrServiceRole',
  'EmrInstanceProfile',
  'EmrSubnetId',
  'EmrSecurityConfiguration',
] as const satisfies readonly PipelinePlaceholder[];
