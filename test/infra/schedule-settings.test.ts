/**
 * Per-workflow schedule settings (infra/schedule-settings.ts) over a fixture registry: registry
 * defaults, the schedule:<workflow> keys, the pipeline's un-suffixed keys, and every refusal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdkJsonContext, createApp } from '../../infra/app.ts';
import { readSchedules } from '../../infra/schedule-settings.ts';
import { readSettings } from '../../infra/settings.ts';
import { marketDataPipeline } from '../../workflows/market-data-pipeline.ts';
import { FETCH_ONLY_SCHEDULE, fetchOnly, starter } from './support/fixture-workflows.ts';

const WORKFLOWS = [marketDataPipeline, fetchOnly, starter];
const read = (context: Record<string, unknown>, withKeys = true) =>
  readSchedules((key) => context[key], WORKFLOWS, withKeys ? Object.keys(context) : undefined);

describe('readSchedules', () => {
  it('gives each workflow that declares a schedule its registry default, enabled', () => {
    expect(read({})).toStrictEqual({
      'market-data-pipeline': {
        expression: 'cron(11 5 ? * SAT *)',
        timeZone: 'Europe/London',
        enabled: true,
      },
      'fetch-only': { expression: 'rate(1 day)', timeZone: 'UTC', enabled: true },
    });
  });

  it('sets one workflow from its own keys and leaves the others at their defaults', () => {
    const schedules = read({
      'schedule:fetch-only': 'cron(0 7 ? * MON-FRI *)',
      'scheduleTimezone:fetch-only': 'America/New_York',
      'scheduleEnabled:fetch-only': 'false',
    });
    expect(schedules['fetch-only']).toStrictEqual({
      expression: 'cron(0 7 ? * MON-FRI *)',
      timeZone: 'America/New_York',
      enabled: false,
    });
    expect(schedules['market-data-pipeline']?.expression).toBe('cron(11 5 ? * SAT *)');
  });

  it("still reads the un-suffixed keys as the pipeline's, and only the pipeline's", () => {
    const schedules = read({ schedule: 'rate(6 hours)', scheduleEnabled: false });
    expect(schedules['market-data-pipeline']).toMatchObject({
      expression: 'rate(6 hours)',
      enabled: false,
    });
    expect(schedules['fetch-only']).toMatchObject({ expression: 'rate(1 day)', enabled: true });
  });

  it('accepts both spellings for the pipeline when they agree', () => {
    const schedules = read({
      schedule: 'rate(6 hours)',
      'schedule:market-data-pipeline': 'rate(6 hours)',
    });
    expect(schedules['market-data-pipeline']?.expression).toBe('rate(6 hours)');
  });

  it.each([
    [
      { schedule: 'rate(6 hours)', 'schedule:market-data-pipeline': 'rate(1 hour)' },
      /context 'schedule' and 'schedule:market-data-pipeline' both set the market-data-pipeline schedule/,
    ],
    [
      { 'schedule:fetch-only': 'daily' },
      /context 'schedule:fetch-only' must be an EventBridge Scheduler/,
    ],
    [
      { 'scheduleTimezone:fetch-only': 'Mars/Olympus' },
      /context 'scheduleTimezone:fetch-only' must be an IANA time zone/,
    ],
    [
      { 'scheduleEnabled:fetch-only': 'off' },
      /context 'scheduleEnabled:fetch-only' must be true or false, got "off"/,
    ],
    [
      { 'schedule:fetch-onyl': 'rate(1 day)' },
      /context 'schedule:fetch-onyl': no registered workflow 'fetch-onyl' \(registered: market-data-pipeline, fetch-only, starter\)/,
    ],
    [
      { 'scheduleEnabled:starter': 'true' },
      /context 'scheduleEnabled:starter': workflow 'starter' declares no schedule in workflows\/registry.ts/,
    ],
  ])('rejects %j naming the key', (context, message) => {
    expect(() => read(context)).toThrow(message);
  });

  it('refuses the un-suffixed keys when the pipeline is not deployed', () => {
    expect(() =>
      readSchedules((key) => (key === 'schedule' ? 'rate(1 day)' : undefined), [fetchOnly]),
    ).toThrow(/context 'schedule' sets the schedule of workflow 'market-data-pipeline'/);
  });

  it('checks the registry values by the same rules, naming the registry field', () => {
    const bad = { ...fetchOnly, schedule: { ...FETCH_ONLY_SCHEDULE, expression: 'every day' } };
    expect(() => readSchedules(() => undefined, [bad])).toThrow(
      /workflows\/registry.ts: workflow 'fetch-only' schedule.expression must be an EventBridge Scheduler/,
    );
  });
});

describe('readSettings', () => {
  it('fails synthesis on a schedule key naming no workflow, before building anything', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'infra-settings-'));
    try {
      expect(() =>
        createApp({ ...cdkJsonContext(), 'schedule:nope': 'rate(1 day)' }, {}, { outdir }),
      ).toThrow(/context 'schedule:nope': no registered workflow 'nope'/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('reads the schedules of the workflows it is given', () => {
    const settings = readSettings(() => undefined, {}, { workflows: [fetchOnly] });
    expect(Object.keys(settings.schedules)).toStrictEqual(['fetch-only']);
  });
});
