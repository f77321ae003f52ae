import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../tasks/reap-clusters/config.ts';

const ARN = 'arn:aws:states:eu-west-2:123456789012:stateMachine:market-pipeline';
const base = {
  WORKFLOW_NAME: 'market-pipeline',
  STATE_MACHINE_ARN: ARN,
  // The ownership proof's identities (hardening 4): required.
  EMR_SERVICE_ROLE: 'MarketPipeline-EmrServiceRole',
  EMR_INSTANCE_PROFILE: 'MarketPipeline-EmrInstanceProfile',
};

describe('loadConfig', () => {
  it('fills documented defaults: 360-minute max age, 8 attempts, standard retry', () => {
    expect(loadConfig(base)).toStrictEqual({
      workflowName: 'market-pipeline',
      stateMachineArn: ARN,
      emrServiceRole: 'MarketPipeline-EmrServiceRole',
      emrInstanceProfile: 'MarketPipeline-EmrInstanceProfile',
      maxClusterAgeMinutes: 360,
      maxAttempts: 8,
      retryMode: 'standard',
    });
  });

  it('reads overrides for max age, attempts and retry mode', () => {
    const config = loadConfig({
      ...base,
      MAX_CLUSTER_AGE_MINUTES: '90',
      SDK_MAX_ATTEMPTS: '3',
      SDK_RETRY_MODE: 'adaptive',
    });
    expect([config.maxClusterAgeMinutes, config.maxAttempts, config.retryMode]).toStrictEqual([
      90,
      3,
      'adaptive',
    ]);
  });

  it('names the missing variable', () => {
    expect(() => loadConfig({ STATE_MACHINE_ARN: ARN })).toThrow(
      'WORKFLOW_NAME environment variable is not set',
    );
  });

  it('rejects a state machine ARN that is not one', () => {
    expect(() => loadConfig({ ...base, STATE_MACHINE_ARN: 'market-pipeline' })).toThrow(
      /STATE_MACHINE_ARN environment variable must be a state machine ARN, got 'market-pipeline'/,
    );
  });

  it.each(['0', '-5', '1.5', 'abc', '10081'])('rejects MAX_CLUSTER_AGE_MINUTES=%s', (value) => {
    expect(() => loadConfig({ ...base, MAX_CLUSTER_AGE_MINUTES: value })).toThrow(
      `MAX_CLUSTER_AGE_MINUTES environment variable must be an integer from 1 to 10080, got '${value}'`,
    );
  });

  it.each(['EMR_SERVICE_ROLE', 'EMR_INSTANCE_PROFILE'])(
    'requires %s, the ownership proof cannot run without it (hardening 4)',
    (name) => {
      expect(() => loadConfig({ ...base, [name]: '' })).toThrow(
        `${name} environment variable is not set`,
      );
    },
  );

  it('takes the EMR identities as names, not ARNs', () => {
    expect(() =>
      loadConfig({ ...base, EMR_SERVICE_ROLE: 'arn:aws:iam::123456789012:role/x' }),
    ).toThrow(/EMR_SERVICE_ROLE environment variable must be an IAM name \(not an ARN\)/);
  });

  it('rejects an unknown retry mode', () => {
    expect(() => loadConfig({ ...base, SDK_RETRY_MODE: 'legacy' })).toThrow(
      "SDK_RETRY_MODE environment variable must be 'standard' or 'adaptive', got 'legacy'",
    );
  });

  it('raises ReaperConfigError', () => {
    expect(() => loadConfig({})).toThrow(expect.objectContaining({ name: 'ReaperConfigError' }));
  });
});
