import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings } from '../../infra/settings.ts';
import { defaultPipelineConfig } from '../../workflows/market-data-pipeline.ts';

const from = (context: Record<string, unknown>, env: Record<string, string> = {}) =>
  readSettings((key) => context[key], env);

describe('readSettings', () => {
  it('applies every documented default to an empty context', () => {
    expect(from({})).toStrictEqual(DEFAULT_SETTINGS);
  });

  it('takes the EMR defaults from the pipeline config, so the default stack deploys the snapshot', () => {
    const emr = defaultPipelineConfig.emr;
    expect([
      DEFAULT_SETTINGS.masterInstanceType,
      DEFAULT_SETTINGS.coreInstanceType,
      DEFAULT_SETTINGS.coreInstanceCount,
      DEFAULT_SETTINGS.spot,
      DEFAULT_SETTINGS.idleTimeoutMinutes * 60,
    ]).toStrictEqual([
      emr.primaryInstanceType,
      emr.coreInstanceType,
      emr.coreInstanceCount,
      emr.coreMarket === 'SPOT',
      emr.idleTimeoutSeconds,
    ]);
  });

  it('keeps the default maximum cluster age above the execution timeout', () => {
    expect(DEFAULT_SETTINGS.maxClusterAgeMinutes * 60).toBeGreaterThan(
      defaultPipelineConfig.timeouts.executionSeconds,
    );
  });

  it('reads strings from -c flags and typed values from cdk.json alike', () => {
    const a = from({ coreInstanceCount: '4', spot: 'false', scheduleEnabled: false });
    const b = from({ coreInstanceCount: 4, spot: false, scheduleEnabled: 'false' });
    expect([
      a.coreInstanceCount,
      a.spot,
      a.schedules['market-data-pipeline']?.enabled,
    ]).toStrictEqual([4, false, false]);
    expect(b).toStrictEqual(a);
  });

  it('reads downloadReservedConcurrency (hardening 3); unset, the stack derives it', () => {
    expect(from({}).downloadReservedConcurrency).toBeUndefined();
    expect(from({ downloadReservedConcurrency: '30' }).downloadReservedConcurrency).toBe(30);
    expect(from({ downloadReservedConcurrency: 30 }).downloadReservedConcurrency).toBe(30);
  });

  it('takes the account from CDK_DEFAULT_ACCOUNT and never the region', () => {
    const settings = from(
      {},
      { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'us-east-1' },
    );
    expect([settings.account, settings.region]).toStrictEqual(['123456789012', 'eu-west-2']);
  });

  it.each([
    ['schedule', 'every saturday', /context 'schedule' must be an EventBridge Scheduler/],
    ['scheduleTimezone', 'Europe/Atlantis', /context 'scheduleTimezone' must be an IANA time zone/],
    [
      'idleTimeoutMinutes',
      '0',
      /context 'idleTimeoutMinutes' must be an integer from 1 to 10080, got "0"/,
    ],
    [
      'coreInstanceCount',
      2.5,
      /context 'coreInstanceCount' must be an integer from 0 to 50, got 2.5/,
    ],
    ['spot', 'yes', /context 'spot' must be true or false, got "yes"/],
    ['alertEmail', 'not-an-email', /context 'alertEmail' must be an email address/],
    ['subnetId', 'sub-123', /context 'subnetId' must be a subnet id/],
    ['masterInstanceType', 'big', /context 'masterInstanceType' must be an EC2 instance type/],
    ['region', 'London', /context 'region' must be an AWS region/],
    ['stackName', '1-stack', /context 'stackName' must start with a letter/],
    ['logRetentionDays', '45', /context 'logRetentionDays' must be one of 1, 3, 5/],
    [
      'apiKeyParameter',
      'no-leading-slash',
      /context 'apiKeyParameter' must be an SSM parameter name/,
    ],
    ['universeFile', 'tickers.txt', /context 'universeFile' must be a path to a .csv file/],
    [
      'downloadReservedConcurrency',
      '0',
      /context 'downloadReservedConcurrency' must be an integer from 1 to 900, got "0"/,
    ],
    [
      'downloadReservedConcurrency',
      '901',
      /context 'downloadReservedConcurrency' must be an integer from 1 to 900, got "901"/,
    ],
  ])('rejects %s=%j naming the key and the rule', (key, value, message) => {
    expect(() => from({ [key]: value })).toThrow(message);
  });
});
