import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../../asl/types.ts';
import { buildTrainModel } from '../../../workflows/train-model/train-model.ts';
import { context, evaluate, stateOf } from '../pipeline/helpers.ts';
import { definition, withConfig } from './helpers.ts';

type Validated = { run: Record<string, unknown>; problems: string[] };

const validate = async (input: unknown, d: StateMachine = definition): Promise<Validated> =>
  (await evaluate(stateOf(d, 'ValidateInput', 'Pass').Output, {
    input,
    context: context('2026-11-25T06:00:00.000Z'),
  })) as Validated;

const MANIFEST = 'manifests/collect-bars/run-1.json';
const ALLOWED = 'tickers, date, from, to, manifest, interval, maxDepth, testFraction';

describe('train-model ValidateInput', () => {
  it('fills the defaults from {}: the last session before the start date, no provider', async () => {
    expect(await validate({})).toStrictEqual({
      run: {
        from: '2026-11-24',
        to: '2026-11-24',
        dates: ['2026-11-24'],
        interval: '1m',
        maxDepth: 5,
        testFraction: 0.2,
      },
      problems: [],
    });
  });

  it('widens the default window to the sessions the interval needs, as the pipeline does', async () => {
    const { run } = await validate({ interval: '1h' });
    expect(run.dates).toStrictEqual(['2026-11-20', '2026-11-23', '2026-11-24']);
  });

  it('takes a manifest key instead of a window', async () => {
    const { run, problems } = await validate({ manifest: MANIFEST, maxDepth: 8 });
    expect(problems).toStrictEqual([]);
    expect(run).toMatchObject({ manifest: MANIFEST, maxDepth: 8 });
  });

  it('refuses provider, which only the download workflows take', async () => {
    expect((await validate({ provider: 'yahoo' })).problems).toStrictEqual([
      `unknown field 'provider' (allowed: ${ALLOWED})`,
    ]);
  });

  it('refuses a manifest combined with a window or an interval', async () => {
    expect(
      (await validate({ manifest: MANIFEST, from: '2026-11-23', to: '2026-11-24', interval: '5m' }))
        .problems,
    ).toStrictEqual([
      'manifest cannot be combined with date or from/to: the manifest names the sessions',
      'manifest cannot be combined with interval: the manifest names the interval',
    ]);
  });

  it.each([
    [
      's3://data/manifests/collect-bars/run-1.json',
      "'s3://data/manifests/collect-bars/run-1.j…' (43 chars)",
    ],
    ['/manifests/collect-bars/run-1.json', "'/manifests/collect-bars/run-1.json'"],
    ['manifests/collect-bars/run-1', "'manifests/collect-bars/run-1'"],
    [42, '42'],
  ])('refuses a manifest that is not a key of a JSON file (%j)', async (manifest, shown) => {
    expect((await validate({ manifest })).problems).toStrictEqual([
      `manifest must be the key of a collect-bars run manifest in the data bucket, like manifests/collect-bars/<execution>.json (no leading / or s3://), got ${shown}`,
    ]);
  });

  it('checks a window against what the training job needs', async () => {
    const { problems } = await validate({ from: '2026-11-23', to: '2026-11-24', interval: '1d' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^from\/to 2026-11-23\.\.2026-11-24 holds 2 weekday sessions, fewer than the 19 interval 1d needs/,
    );
  });

  it('leaves the window of a manifest run to be checked once the manifest is read', async () => {
    // At 1h the default window (3 sessions) cannot train one ticker; with a manifest it is unused.
    const hourly = buildTrainModel(withConfig({ defaults: { interval: '1h' } })).definition;
    const problems = async (input: object) => (await validate(input, hourly)).problems;
    expect(await problems({ tickers: ['AZN.L'] })).toStrictEqual([
      expect.stringMatching(
        /^tickers lists 1 symbol, which at interval 1h over 3 weekday sessions/,
      ),
    ]);
    expect(await problems({ manifest: MANIFEST, tickers: ['AZN.L'] })).toStrictEqual([]);
  });
});
