import { describe, expect, it } from 'vitest';
import { expr } from '../../builders/jsonata.ts';
import { type MapProps, map } from '../../builders/map.ts';
import { pass } from '../../builders/pass.ts';
import { fragment } from '../../builders/state-machine.ts';

const processor = fragment({ startAt: 'Work', states: [pass('Work', { End: true })] });
const inline: MapProps = {
  Items: expr('$states.input'),
  ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...processor },
  End: true,
};
const distributed: MapProps = {
  ItemProcessor: {
    ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
    ...processor,
  },
  End: true,
};

describe('map', () => {
  it('emits an inline Map', () => {
    expect(map('Each', { ...inline, MaxConcurrency: 5 }).state).toStrictEqual({
      Type: 'Map',
      Items: '{% $states.input %}',
      MaxConcurrency: 5,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Work',
        States: { Work: { Type: 'Pass', End: true } },
      },
      End: true,
    });
  });

  it('throws naming the state and the value on a negative MaxConcurrency', () => {
    expect(() => map('DownloadTickers', { ...inline, MaxConcurrency: -1 })).toThrow(
      "Map 'DownloadTickers': MaxConcurrency must be an integer >= 0, got -1",
    );
  });

  it('throws on an inline MaxConcurrency above 40, which Step Functions would not honour', () => {
    expect(() => map('Each', { ...inline, MaxConcurrency: 41 })).toThrow(
      "Map 'Each': MaxConcurrency must be <= 40 in INLINE mode, got 41",
    );
  });

  it('throws on ItemReader in INLINE mode', () => {
    expect(() =>
      map('Each', {
        ...inline,
        Items: undefined,
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
      } as never),
    ).toThrow("Map 'Each': ItemReader requires ProcessorConfig.Mode DISTRIBUTED (mode is INLINE)");
  });

  it('throws on a ToleratedFailurePercentage above 100', () => {
    expect(() => map('Each', { ...distributed, ToleratedFailurePercentage: 101 })).toThrow(
      "Map 'Each': ToleratedFailurePercentage must be a number between 0 and 100, got 101",
    );
  });

  it('throws on an ItemBatcher without a limit', () => {
    expect(() => map('Each', { ...distributed, ItemBatcher: {} })).toThrow(
      "Map 'Each': ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch",
    );
  });

  it('throws on a ResultWriter with Resource but no Arguments', () => {
    expect(() =>
      map('Each', { ...distributed, ResultWriter: { Resource: 'arn:aws:states:::s3:putObject' } }),
    ).toThrow("Map 'Each': ResultWriter needs both Resource and Arguments to export to S3");
  });

  it('throws on Items together with ItemReader', () => {
    expect(() =>
      map('Each', {
        ...distributed,
        Items: expr('$x'),
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
      }),
    ).toThrow("Map 'Each': Items and ItemReader are exclusive");
  });

  it('throws on a Label with spaces', () => {
    expect(() => map('Each', { ...distributed, Label: 'my label' })).toThrow(
      `Map 'Each': Label must be 1-40 characters without spaces or special characters, got "my label"`,
    );
  });

  it('throws when the item processor transitions to a state outside it', () => {
    const leaky = { StartAt: 'Work', States: { Work: { Type: 'Pass' as const, Next: 'Outside' } } };
    expect(() => map('Each', { ...inline, ItemProcessor: leaky })).toThrow(
      "Map 'Each' ItemProcessor: Pass 'Work': Next 'Outside' names no state in this scope",
    );
  });
});
