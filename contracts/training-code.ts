/**
 * Which files of `tasks/train/` the stack deploys under `code/train/` (the Storage construct's
 * BucketDeployment), kept apart from the construct so the local runtime's stand-in deployment
 * (runtime/deploy.ts) ships exactly the same files without loading aws-cdk-lib.
 */

/**
 * Excluded from the asset. Each is a plain name or `*.<ext>` and, having no slash, matches a path
 * segment at any depth, as CDK's glob excludes do.
 */
export const TRAINING_CODE_EXCLUDE = [
  '__pycache__',
  '*.pyc',
  'tests',
  '.pytest_cache',
  'spark-warehouse',
] as const;

/** Whether a path relative to `tasks/train/` (segments split by `/` or the OS separator) is excluded. */
export function isExcludedTrainingFile(relativePath: string): boolean {
  return relativePath
    .split(/[\\/]/)
    .some((segment) =>
      TRAINING_CODE_EXCLUDE.some((pattern) =>
        pattern.startsWith('*') ? segment.endsWith(pattern.slice(1)) : segment === pattern,
      ),
    );
}
