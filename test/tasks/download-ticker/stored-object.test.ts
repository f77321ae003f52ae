import { describe, expect, it } from 'vitest';
import { winner } from '../../../tasks/download-ticker/stored-object.ts';

const csv = { key: 'k/bars.csv', rows: 3, etag: 'c1', replaces: undefined as string | undefined };
const gz = {
  key: 'k/bars.csv.gz',
  rows: 390,
  etag: 'g1',
  replaces: undefined as string | undefined,
};

describe('winner of two encodings of a session', () => {
  it('keeps the one whose writer replaced the other, whatever the rows', () => {
    const replacing = { ...csv, replaces: 'g1' };
    expect(winner(replacing, gz)).toBe(replacing);
    expect(winner(gz, replacing)).toBe(replacing);
  });

  it('keeps the one with more rows when neither writer saw the other', () => {
    expect(winner(csv, gz)).toBe(gz);
    expect(winner(gz, csv)).toBe(gz);
  });

  it('ignores a replaced ETag that is not the other object’s current one', () => {
    expect(winner({ ...csv, replaces: 'g0' }, gz)).toBe(gz);
  });

  it('keeps the .gz one on a tie, whichever writer asks', () => {
    const tie = { ...csv, rows: 390 };
    expect(winner(tie, gz)).toBe(gz);
    expect(winner(gz, tie)).toBe(gz);
  });
});
