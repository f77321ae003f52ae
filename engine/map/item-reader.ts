/**
 * ItemReader for a Distributed Map: items from an S3 object (`s3:getObject` with InputType CSV,
 * JSON or JSONL) or an object listing (`s3:listObjectsV2`), read through the caller's S3 client.
 * CSV rows become objects keyed by the header with string values, as AWS produces them. Any read
 * or parse failure is States.ItemReaderFailed, and so are Arguments S3's API model rejects
 * (asl/service-models/).
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Resource } from '../../asl/constants.ts';
import { itemReaderSpec } from '../../asl/service-models/requests.ts';
import { validateAgainstShape, validationMessage } from '../../asl/service-models/validate.ts';
import type { JsonObject, JsonValue } from '../api.ts';
import { StatesFailure, StatesItemReaderFailedError } from '../errors.ts';
import { requireS3 } from '../integrations/s3.ts';
import { isPlainObject } from '../json.ts';
import { evaluateTemplate } from '../jsonata/template.ts';
import type { ItemReaderModel, MapModel } from '../model.ts';
import { runBindings, type StateRun } from '../states/lifecycle.ts';
import { evaluateInteger } from '../states/values.ts';

export type ReadItems = { items: JsonValue[]; source: (index: number) => string };

const delimiters: Record<string, string> = {
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  SPACE: ' ',
  TAB: '\t',
};

/** RFC 4180 rows: quoted fields may hold delimiters, newlines and doubled quotes. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

export function csvItems(text: string, reader: ItemReaderModel): JsonObject[] {
  const rows = parseCsv(text, delimiters[reader.csvDelimiter] ?? ',');
  const headers =
    reader.csvHeaderLocation === 'GIVEN' ? [...(reader.csvHeaders ?? [])] : (rows.shift() ?? []);
  return rows.map((row) => {
    const item: JsonObject = {};
    headers.forEach((h, i) => {
      item[h] = row[i] ?? '';
    });
    return item;
  });
}

function parseBody(text: string, reader: ItemReaderModel): JsonValue[] {
  switch (reader.inputType) {
    case 'CSV':
      return csvItems(text, reader);
    case 'JSONL':
      return text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as JsonValue);
    default: {
      const parsed = JSON.parse(text) as JsonValue;
      if (!Array.isArray(parsed))
        throw new Error(`the JSON object is not an array (got ${typeof parsed})`);
      return parsed;
    }
  }
}

export async function readItems(
  run: StateRun<MapModel>,
  reader: ItemReaderModel,
): Promise<ReadItems> {
  const s3 = requireS3(run.frame.exec.run, `The ItemReader of Map '${run.state.name}'`);
  const args = reader.arguments ? await evaluateTemplate(reader.arguments, runBindings(run)) : {};
  const maxItems = reader.maxItems ? await evaluateInteger(run, reader.maxItems, 0) : 0;
  const request = isPlainObject(args) ? args : {};
  const bucket = String(request.Bucket ?? '');
  // The Arguments are S3's request: checked against S3's API model first (as S3 would).
  const spec = itemReaderSpec(reader.resource);
  const problems = spec ? validateAgainstShape(spec.model, spec.shape, args, spec.operation) : [];
  if (problems.length > 0) {
    throw new StatesItemReaderFailedError(
      `The ItemReader of Map '${run.state.name}' could not read items: S3 rejected the ${spec?.operation} request: ${validationMessage(problems)}`,
    );
  }
  try {
    let items: JsonValue[];
    let source: (index: number) => string;
    if (reader.resource === Resource.S3ListObjectsV2) {
      items = [];
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({
            ...(request as object),
            Bucket: bucket,
            ...(token ? { ContinuationToken: token } : {}),
          }),
          { abortSignal: run.frame.cancel.signal },
        );
        for (const o of page.Contents ?? []) {
          items.push({
            Etag: o.ETag ?? '',
            Key: o.Key ?? '',
            LastModified: o.LastModified ? o.LastModified.toISOString() : '',
            Size: o.Size ?? 0,
            StorageClass: o.StorageClass ?? 'STANDARD',
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token && (maxItems === 0 || items.length < maxItems));
      source = () => `s3://${bucket}`;
    } else {
      const key = String(request.Key ?? '');
      const object = await s3.send(
        new GetObjectCommand({ ...(request as object), Bucket: bucket, Key: key }),
        {
          abortSignal: run.frame.cancel.signal,
        },
      );
      items = parseBody((await object.Body?.transformToString('utf8')) ?? '', reader);
      source = () => `s3://${bucket}/${key}`;
    }
    return { items: maxItems > 0 ? items.slice(0, maxItems) : items, source };
  } catch (error) {
    if (run.frame.cancel.aborted) throw run.frame.cancel.reason;
    if (error instanceof StatesFailure) throw error;
    throw new StatesItemReaderFailedError(
      `The ItemReader of Map '${run.state.name}' could not read items from s3://${bucket}/${String(request.Key ?? request.Prefix ?? '')}: ${(error as Error).name}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
