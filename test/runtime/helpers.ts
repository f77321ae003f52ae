/**
 * Shared test parts for the local runtime: a task context like the engine's, a stand-in
 * spark-submit that runs the (staged) application as a bash script, so the EMR emulator's
 * staging, logging, failure and cancellation can be tested in milliseconds, and a stand-in for
 * spark-submit of the training job, so whole runs need no Spark. Real Spark runs in the e2e
 * tier (emr/emulator-spark.e2e.test.ts, runtime.e2e.test.ts).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import type { IntegrationContext } from '../../engine/api.ts';
import { projectRoot } from '../../runtime/project-root.ts';
import type { LocalDeployment } from '../../runtime/types.ts';
import { venvPython } from '../../runtime/venv.ts';
import { defaultPipelineConfig } from '../../workflows/pipeline/config.ts';

export function taskContext(overrides: Partial<IntegrationContext> = {}): IntegrationContext {
  return {
    resource: 'arn:aws:states:::elasticmapreduce:addStep.sync',
    stateName: 'Train',
    executionName: 'test',
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:local-state-machine:test',
    signal: new AbortController().signal,
    now: () => new Date(),
    sleep: async () => {},
    timeScale: 0,
    sendHeartbeat: () => {},
    ...overrides,
  };
}

/** Writes the stand-in spark-submit into `dir` and returns its path. */
export function fakeSparkSubmit(dir: string): string {
  const path = join(dir, 'fake-spark-submit');
  writeFileSync(
    path,
    `#!/usr/bin/env bash
# Skips spark-submit options, then runs the application as a bash script with its arguments.
while [[ $# -gt 0 && "$1" == -* ]]; do
  case "$1" in
    --verbose|-v|--supervise) shift ;;
    *=*) shift ;;
    *) shift 2 ;;
  esac
done
printf '%s\\n' "$@" > spark-args.txt
exec bash "$@"
`,
  );
  chmodSync(path, 0o755);
  return path;
}

/**
 * Writes a stand-in for spark-submit of the training job into `dir` and returns its path, for
 * `LocalRunOptions.sparkSubmit`: it loads the deployed script without starting Spark and writes
 * the job's outputs (fixtures/stand-in-spark-submit.py says what exactly). `untilKilled`: it
 * waits for the emulator to kill it instead, as a step still training when the run is aborted.
 */
export function standInTrainingSubmit(
  dir: string,
  options: { untilKilled?: boolean } = {},
): string {
  const path = join(
    dir,
    options.untilKilled ? 'stand-in-spark-submit-waits' : 'stand-in-spark-submit',
  );
  const script = join(import.meta.dirname, 'fixtures', 'stand-in-spark-submit.py');
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  const flag = options.untilKilled ? ' --until-killed' : '';
  writeFileSync(
    path,
    `#!/usr/bin/env bash\nexec ${quote(venvPython)} ${quote(script)}${flag} "$@"\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

export const clusterRequest = (
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  Name: 'market-pipeline-train',
  ReleaseLabel: 'emr-7.12.0',
  Applications: [{ Name: 'Spark' }],
  LogUri: 's3://logs/emr/',
  Instances: {
    InstanceGroups: [{ InstanceRole: 'MASTER', InstanceType: 'm7g.xlarge', InstanceCount: 1 }],
    KeepJobFlowAliveWhenNoSteps: true,
  },
  AutoTerminationPolicy: { IdleTimeout: 600 },
  Tags: [
    { Key: 'market-pipeline:workflow', Value: 'local-state-machine' },
    {
      Key: 'market-pipeline:execution',
      Value: 'arn:aws:states:us-east-1:123456789012:execution:local-state-machine:test',
    },
  ],
  ...overrides,
});

export function sparkStep(app: string, args: string[] = [], action = 'CONTINUE') {
  return {
    Name: 'Train model',
    ActionOnFailure: action,
    HadoopJarStep: {
      Jar: 'command-runner.jar',
      Args: ['spark-submit', '--deploy-mode', 'cluster', app, ...args],
    },
  };
}

/**
 * A `LocalRunOptions.prepare` hook that replaces the deployed training script with a copy of the
 * real one raising `RuntimeError(message)` at import; the repo's script is untouched.
 */
export function deployRaisingTrainScript(
  message: string,
): (deployment: LocalDeployment) => Promise<void> {
  return async ({ s3, dataBucket }) => {
    const real = await readFile(join(projectRoot, 'tasks', 'train', 'train_model.py'), 'utf8');
    const broken = real.replace(
      /^if __name__ == "__main__":/m,
      `raise RuntimeError(${JSON.stringify(message)})\n\nif __name__ == "__main__":`,
    );
    expect(broken).not.toBe(real);
    await s3.send(
      new PutObjectCommand({
        Bucket: dataBucket,
        Key: defaultPipelineConfig.training.scriptKey,
        Body: broken,
      }),
    );
  };
}
