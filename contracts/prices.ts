/**
 * AWS list prices (us-east-1) that both the dry run's estimate (cli/assumptions.ts, overridable
 * with `--assume`) and the run report's cost of a run (report/cost.ts) price with: one place, so
 * the two estimates cannot drift apart.
 */
export const PRICES = {
  /** USD per 1,000 Standard workflow state transitions. */
  transitionPer1000: 0.025,
  /** USD per Lambda GB-second (arm64). */
  lambdaGbSecond: 0.0000133334,
  /** USD per million Lambda requests. */
  lambdaRequestPerMillion: 0.2,
  /** USD per million Express child executions (distributed Map). */
  expressRequestPerMillion: 1,
  /** USD per Express GB-second (billed at 64 MB per execution). */
  expressGbSecond: 0.00001667,
} as const;

/**
 * On-demand list prices (EC2 Linux + the EMR uplift) per instance-hour, as published in 2025.
 * Spot, savings plans and other regions differ.
 */
export const INSTANCE_HOUR_PRICES: Record<string, { ec2: number; emr: number }> = {
  'm5.xlarge': { ec2: 0.192, emr: 0.048 },
  'm5.2xlarge': { ec2: 0.384, emr: 0.096 },
  'm6g.xlarge': { ec2: 0.154, emr: 0.0385 },
  'r5.xlarge': { ec2: 0.252, emr: 0.063 },
};
