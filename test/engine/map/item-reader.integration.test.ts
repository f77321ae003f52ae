import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvItems, parseCsv } from '../../../engine/map/item-reader.ts';
import type { ItemReaderModel } from '../../../engine/model.ts';
import { machine, run } from '../helpers.ts';
import { type S3Fixture, startS3 } from '../s3-fixture.ts';

const reader = (over: Partial<ItemReaderModel>): ItemReaderModel => ({
  resource: 'arn:aws:states:::s3:getObject',
  arguments: undefined,
  inputType: 'CSV',
  csvHeaderLocation: 'FIRST_ROW',
  csvHeaders: undefined,
  csvDelimiter: 'COMMA',
  maxItems: undefined,
  ...over,
});

describe('CSV parsing', () => {
  it('keeps quoted delimiters, newlines and doubled quotes inside a field', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi""\nthere"\n', ',')).toStrictEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });

  it('makes objects keyed by the first row, with string values', () => {
    expect(csvItems('ticker,name\r\nAAPL,Apple\r\nMSFT,Microsoft\r\n', reader({}))).toStrictEqual([
      { ticker: 'AAPL', name: 'Apple' },
      { ticker: 'MSFT', name: 'Microsoft' },
    ]);
  });

  it('uses the given headers and delimiter', () => {
    expect(
      csvItems(
        'AAPL|1\n',
        reader({ csvHeaderLocation: 'GIVEN', csvHeaders: ['t', 'n'], csvDelimiter: 'PIPE' }),
      ),
    ).toStrictEqual([{ t: 'AAPL', n: '1' }]);
  });
});

describe('ItemReader with a local S3', () => {
  let s3: S3Fixture;
  beforeAll(async () => {
    s3 = await startS3('data');
    await s3.put('config/universe.csv', 'ticker,name\nAAPL,Apple\nMSFT,Microsoft\nNVDA,Nvidia\n');
    await s3.put('items.json', '[{"n":1},{"n":2}]');
    await s3.put('items.jsonl', '{"n":1}\n{"n":2}\n');
    await s3.put('prefix/a.txt', 'a');
    await s3.put('prefix/b.txt', 'bb');
  });
  afterAll(() => s3.close());

  const readerMap = (itemReader: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    machine({
      M: {
        Type: 'Map',
        ItemReader: itemReader,
        ItemSelector: {
          item: '{% $states.context.Map.Item.Value %}',
          source: '{% $states.context.Map.Item.Source %}',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
        ...extra,
        End: true,
      },
    });

  it('reads CSV rows as items', async () => {
    const def = readerMap({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItems: 2 },
      Arguments: { Bucket: 'data', Key: '{% $states.input.key %}' },
    });
    const result = await run(def, { key: 'config/universe.csv' }, { s3: s3.client });
    expect(result.output).toStrictEqual([
      { item: { ticker: 'AAPL', name: 'Apple' }, source: 's3://data/config/universe.csv' },
      { item: { ticker: 'MSFT', name: 'Microsoft' }, source: 's3://data/config/universe.csv' },
    ]);
  });

  it.each(['JSON', 'JSONL'])('reads %s items', async (inputType) => {
    const def = readerMap({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: inputType },
      Arguments: { Bucket: 'data', Key: inputType === 'JSON' ? 'items.json' : 'items.jsonl' },
    });
    const result = await run(def, {}, { s3: s3.client });
    expect((result.output as { item: unknown }[]).map((o) => o.item)).toStrictEqual([
      { n: 1 },
      { n: 2 },
    ]);
  });

  it('lists objects with s3:listObjectsV2', async () => {
    const def = readerMap({
      Resource: 'arn:aws:states:::s3:listObjectsV2',
      Arguments: { Bucket: 'data', Prefix: 'prefix/' },
    });
    const result = await run(def, {}, { s3: s3.client });
    const items = (result.output as { item: { Key: string; Size: number } }[]).map((o) => [
      o.item.Key,
      o.item.Size,
    ]);
    expect(items).toStrictEqual([
      ['prefix/a.txt', 1],
      ['prefix/b.txt', 2],
    ]);
  });

  it('fails with States.ItemReaderFailed when the object does not exist', async () => {
    const def = readerMap({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'CSV' },
      Arguments: { Bucket: 'data', Key: 'missing.csv' },
    });
    const result = await run(def, {}, { s3: s3.client });
    expect(result.error).toBe('States.ItemReaderFailed');
    expect(result.cause).toContain('s3://data/missing.csv');
    expect(result.cause).toContain('NoSuchKey');
  });

  it('fails with States.Runtime saying how to pass an S3 client when none is given', async () => {
    const def = readerMap({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'CSV' },
      Arguments: { Bucket: 'data', Key: 'x' },
    });
    const result = await run(def);
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain('needs an S3 client');
  });
});
