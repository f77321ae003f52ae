/**
 * Tags on every pipeline cluster (docs/architecture.md, "EMR cluster"). The definition sets them
 * (workflows/pipeline/cluster.ts); the reaper and the local runtime find a run's clusters by
 * ClusterTag; the stack's IAM conditions name both.
 */

/** The pipeline's own pair. */
export const ClusterTag = {
  /** Value: the state machine name. */
  workflow: 'market-pipeline:workflow',
  /** Value: the execution ARN. */
  execution: 'market-pipeline:execution',
} as const;

/**
 * Value `true` on the clusters, and on the VPC the stack creates for them: AmazonEMRServicePolicy_v2
 * acts only on resources that carry it.
 */
export const EMR_MANAGED_POLICY_TAG = 'for-use-with-amazon-emr-managed-policies';
