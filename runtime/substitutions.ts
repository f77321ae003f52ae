/**
 * The local values of the pipeline's `${Name}` definition substitutions: local bucket names, the
 * ARNs the in-process Lambdas answer to, and stand-ins for the IAM, VPC and security-configuration
 * names the EMR emulator records but does not use. Typed against PIPELINE_PLACEHOLDERS, so a placeholder added to the
 * pipeline without a local value fails to compile (and `missingSubstitutions` catches the rest).
 */
import type { PipelinePlaceholder } from '../workflows/market-data-pipeline.ts';
import { functionArn, localAccountId } from './lambda/environment.ts';

export const localBuckets = {
  data: 'market-pipeline-data',
  logs: 'market-pipeline-logs',
} as const;

export const localSubstitutions: Record<PipelinePlaceholder, string> = {
  DataBucket: localBuckets.data,
  LogsBucket: localBuckets.logs,
  PrepareInputFunctionArn: functionArn('prepare-input'),
  DownloadFunctionArn: functionArn('download-ticker'),
  EmrServiceRole: `arn:aws:iam::${localAccountId}:role/market-pipeline-local-emr-service`,
  EmrInstanceProfile: 'market-pipeline-local-emr-instance-profile',
  EmrSubnetId: 'subnet-00000000000000000',
  EmrSecurityConfiguration: 'market-pipeline-local-security-configuration',
};

/** `${Name}` references left in `definition` that `substitutions` does not supply. */
export function missingSubstitutions(
  definition: string,
  substitutions: Readonly<Record<string, string>>,
): string[] {
  const names = new Set<string>();
  for (const m of definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)) {
    if (m[1] && !(m[1] in substitutions)) names.add(m[1]);
  }
  return [...names].sort();
}
