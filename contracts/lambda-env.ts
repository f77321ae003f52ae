/**
 * The environment of every Lambda in the stack, typed in one place. Each handler's `config.ts`
 * reads exactly these names; a variable added there must be added here (and the other way round).
 */

/** Read by Powertools Logger and Metrics in every function. */
export type PowertoolsEnv = {
  POWERTOOLS_SERVICE_NAME: string;
  POWERTOOLS_METRICS_NAMESPACE: string;
  /** Powertools' current name for the log level (it also honours the older LOG_LEVEL). */
  POWERTOOLS_LOG_LEVEL: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
};

export type LambdaEnv = {
  /** tasks/prepare-input/: the bucket and universe key arrive in the event. */
  'prepare-input': PowertoolsEnv & { DATA_BUCKET: string };
  /** tasks/download-ticker/config.ts */
  'download-ticker': PowertoolsEnv & {
    DATA_BUCKET: string;
    /** Name (never the value) of the SSM SecureString holding the keyed provider's API key. */
    ALPHAVANTAGE_API_KEY_PARAMETER: string;
  };
  /** tasks/reap-clusters/config.ts */
  'reap-clusters': PowertoolsEnv & {
    WORKFLOW_NAME: string;
    STATE_MACHINE_ARN: string;
    MAX_CLUSTER_AGE_MINUTES: string;
    /** Name of the stack's EMR service role: a cluster with another is not this stack's. */
    EMR_SERVICE_ROLE: string;
    /** Name of the stack's EMR instance profile: a cluster with another is not this stack's. */
    EMR_INSTANCE_PROFILE: string;
  };
};

export type TaskName = keyof LambdaEnv;

export const METRICS_NAMESPACE = 'MarketPipeline';

export const powertoolsEnv = (service: TaskName): PowertoolsEnv => ({
  POWERTOOLS_SERVICE_NAME: service,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  POWERTOOLS_LOG_LEVEL: 'INFO',
});

/**
 * Memory of each function, MB: the stack sets it (TaskFunction), and the local runtime gives the
 * in-process handlers the same AWS_LAMBDA_FUNCTION_MEMORY_SIZE.
 */
export const LAMBDA_MEMORY_MB: Record<TaskName, number> = {
  'prepare-input': 256,
  'download-ticker': 512,
  'reap-clusters': 256,
};
