/**
 * Reads the universe file (`config/universe.csv`: header `ticker,name`, one Yahoo symbol per row)
 * from the data bucket. The CSV reader is written here rather than adding a dependency: one
 * column is used and RFC 4180 quoting is the only subtlety (a quoted name may hold commas).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { show } from '../../contracts/describe.ts';
import { InvalidInputError, UniverseNotFoundError } from './errors.ts';

/** A universe larger than this is a mistake, not a list of tickers. */
export const MAX_UNIVERSE_BYTES = 1024 * 1024;

export type UniverseRow = { line: number; ticker: string };

export async function readUniverse(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<UniverseRow[]> {
  let text: string;
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if ((res.ContentLength ?? 0) > MAX_UNIVERSE_BYTES) {
      (res.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new InvalidInputError(
        `universe s3://${bucket}/${key} is ${res.ContentLength} bytes, more than ${MAX_UNIVERSE_BYTES}`,
      );
    }
    text = (await res.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') {
      throw new UniverseNotFoundError(`universe file s3://${bucket}/${key} does not exist`, {
        cause: error,
      });
    }
    throw error;
  }
  return parseUniverse(text, key);
}

/** The `ticker` cell of every data row, with its line number. Throws on a missing header. */
export function parseUniverse(text: string, key: string): UniverseRow[] {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = records[0];
  if (header?.cells[0] !== 'ticker') {
    throw new InvalidInputError(
      `universe ${key} must start with the header row "ticker,name", got ${show(header?.cells.join(',') ?? '')}`,
    );
  }
  return records
    .slice(1)
    .filter((r) => !(r.cells.length === 1 && r.cells[0] === ''))
    .map((r) => ({ line: r.line, ticker: r.cells[0] ?? '' }));
}

type CsvRecord = { line: number; cells: string[] };

/** RFC 4180: `,` separates, `"` quotes (doubled inside), CRLF or LF ends a record. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      cells.push(cell);
      records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      line++;
      recordLine = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: recordLine, cells });
  }
  return records;
}
