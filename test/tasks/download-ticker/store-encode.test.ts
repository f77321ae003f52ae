import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../tasks/download-ticker/providers/http.ts';
import { encodeBody, objectKey } from '../../../tasks/download-ticker/store.ts';

const KEY = 'raw/interval=1m/date=2026-11-27/ticker=AAPL/bars.csv';

describe('objectKey', () => {
  it('builds the Hive-style partition key', () => {
    expect(objectKey('1m', '2026-11-27', 'AAPL')).toBe(KEY);
  });
});

describe('encodeBody', () => {
  it('stores a small body as plain CSV', () => {
    const encoded = encodeBody(KEY, 'ts,open,high,low,close,volume\n');
    expect(encoded.key).toBe(KEY);
    expect(encoded.contentType).toBe('text/csv; charset=utf-8');
    expect(encoded.body.toString('utf8')).toBe('ts,open,high,low,close,volume\n');
  });

  it('gzips a large repetitive body under a .csv.gz key that decompresses to the CSV', () => {
    const csv = `ts,open,high,low,close,volume\n${'2026-11-27T14:30:00Z,1,1,1,1,1\n'.repeat(200)}`;
    const encoded = encodeBody(KEY, csv);
    expect(encoded.key).toBe(`${KEY}.gz`);
    expect(encoded.body.length).toBeLessThan(csv.length * 0.9);
    expect(gunzipSync(encoded.body).toString('utf8')).toBe(csv);
  });

  it('keeps plain CSV under 1 KiB even when gzip would shrink it (a daily bar)', () => {
    const csv = `ts,open,high,low,close,volume\n${'2026-11-27T14:30:00Z,1,1,1,1,1\n'.repeat(30)}`;
    expect(csv.length).toBeLessThan(1024);
    expect(encodeBody(KEY, csv).key).toBe(KEY);
  });

  it('gives the base64 SHA-256 of the stored bytes', () => {
    const encoded = encodeBody(KEY, 'a,b\n');
    expect(encoded.sha256).toBe(createHash('sha256').update(encoded.body).digest('base64'));
  });

  it('encodes the same CSV to the same bytes every time', () => {
    const csv = 'ts\n'.repeat(1000);
    expect(encodeBody(KEY, csv).body.equals(encodeBody(KEY, csv).body)).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7);
  });
  it('reads an HTTP date as seconds from now', () => {
    expect(parseRetryAfter('Sun, 29 Nov 2026 12:00:30 GMT', now)).toBe(30);
  });
  it('gives undefined for an absent or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
