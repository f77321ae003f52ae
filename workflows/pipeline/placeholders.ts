/**
 * The `${Name}` definition substitutions of the market-data pipeline. The CDK stack supplies them
 * through `definitionSubstitutions`, the embedded runtime through `RunOptions.substitutions`;
 * both import this list and must supply exactly this set.
 */
export const PIPELINE_PLACEHOLDERS = [
  /** Name of the data bucket (universe file, raw bars, training code, models, manifests). */
  'DataBucket',
  /** Name of the logs bucket; EMR writes to `s3://<LogsBucket>/emr/`. */
  'LogsBucket',
  /** Name or ARN of the prepare-input Lambda (tasks/prepare-input). */
  'PrepareInputFunctionArn',
  /** Name or ARN of the download Lambda (tasks/download-ticker). */
  'DownloadFunctionArn',
  /** EMR service role name or ARN (`ServiceRole`). */
  'EmrServiceRole',
  /** EC2 instance profile name for cluster nodes (`JobFlowRole`). */
  'EmrInstanceProfile',
  /** Subnet the cluster runs in (`Instances.Ec2SubnetId`). */
  'EmrSubnetId',
  /** EMR security configuration (at-rest encryption, IMDSv2) the cluster launches with. */
  'EmrSecurityConfiguration',
] as const;

export type PipelinePlaceholder = (typeof PIPELINE_PLACEHOLDERS)[number];

/** `${Name}` for a declared placeholder; the type rejects names that are not declared. */
export const ph = (name: PipelinePlaceholder): `\${${PipelinePlaceholder}}` => `\${${name}}`;
