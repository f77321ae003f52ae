/**
 * The results of a Distributed Map's child executions. Without ResultWriter (or with WriterConfig
 * only) they become the state's result, transformed (COMPACT: the outputs; FLATTEN: outputs with
 * arrays spread; NONE: the execution records). With Resource and Arguments they are exported to S3
 * in AWS's layout: `<Prefix>/<map-run-id>/SUCCEEDED_0.json`, `FAILED_0.json` and a `manifest.json`
 * listing them, and the result is `{ MapRunArn, ResultWriterDetails: { Bucket, Key } }`.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { JsonObject, JsonValue } from '../api.ts';
import { StatesFailure, StatesResultWriterFailedError } from '../errors.ts';
import { requireS3 } from '../integrations/s3.ts';
import { isoTimestamp, isPlainObject, toJson } from '../json.ts';
import { evaluateTemplate } from '../jsonata/template.ts';
import type { MapModel, ResultWriterModel } from '../model.ts';
import { runBindings, type StateRun } from '../states/lifecycle.ts';

/** One child execution of a Map Run, as the NONE transformation and the S3 export report it. */
export type ChildRecord = {
  arn: string;
  name: string;
  stateMachineArn: string;
  inputText: string;
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: JsonValue;
  outputText?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate: number;
};

export function executionRecord(child: ChildRecord): JsonObject {
  const record: JsonObject = {
    ExecutionArn: child.arn,
    Input: child.inputText,
    InputDetails: { Included: true },
    Name: child.name,
  };
  if (child.status === 'SUCCEEDED') {
    record.Output = child.outputText ?? 'null';
    record.OutputDetails = { Included: true };
  } else {
    if (child.error !== undefined) record.Error = child.error;
    if (child.cause !== undefined) record.Cause = child.cause;
  }
  record.RedriveCount = 0;
  record.RedriveStatus = child.status === 'SUCCEEDED' ? 'NOT_REDRIVABLE' : 'REDRIVABLE_BY_MAP_RUN';
  if (child.status === 'SUCCEEDED')
    record.RedriveStatusReason = 'Execution is SUCCEEDED and cannot be redriven';
  record.StartDate = isoTimestamp(child.startDate);
  record.StateMachineArn = child.stateMachineArn;
  record.Status = child.status;
  record.StopDate = isoTimestamp(child.stopDate);
  return record;
}

/** Results in item order; a failed child is always reported as its record (AWS: "unchanged"). */
export function transformResults(
  children: ChildRecord[],
  transformation: ResultWriterModel['transformation'],
): JsonValue[] {
  const out: JsonValue[] = [];
  for (const child of children) {
    if (transformation === 'NONE' || child.status !== 'SUCCEEDED') out.push(executionRecord(child));
    else if (transformation === 'FLATTEN' && Array.isArray(child.output)) out.push(...child.output);
    else out.push(child.output ?? null);
  }
  return out;
}

function serialise(values: JsonValue[], outputType: ResultWriterModel['outputType']): string {
  return outputType === 'JSONL' ? values.map((v) => toJson(v)).join('\n') : toJson(values);
}

export async function writeResults(
  run: StateRun<MapModel>,
  writer: ResultWriterModel,
  children: ChildRecord[],
  mapRunArn: string,
): Promise<JsonValue> {
  if (writer.resource === undefined || !writer.arguments)
    return transformResults(children, writer.transformation);
  const args = await evaluateTemplate(writer.arguments, runBindings(run));
  const request = isPlainObject(args) ? args : {};
  const bucket = String(request.Bucket ?? '');
  const prefix = String(request.Prefix ?? '').replace(/\/+$/, '');
  const runId = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1);
  const dir = prefix === '' ? `${runId}/` : `${prefix}/${runId}/`;
  const s3 = requireS3(run.frame.exec.run, `The ResultWriter of Map '${run.state.name}'`);
  const put = async (key: string, body: string) => {
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
        }),
        {
          abortSignal: run.frame.cancel.signal,
        },
      );
    } catch (error) {
      if (run.frame.cancel.aborted) throw run.frame.cancel.reason;
      if (error instanceof StatesFailure) throw error;
      throw new StatesResultWriterFailedError(
        `The ResultWriter of Map '${run.state.name}' could not write s3://${bucket}/${key}: ${(error as Error).name}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return { Key: key, Size: Buffer.byteLength(body, 'utf8') };
  };
  const files: Record<'FAILED' | 'PENDING' | 'SUCCEEDED', JsonObject[]> = {
    FAILED: [],
    PENDING: [],
    SUCCEEDED: [],
  };
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    const group = children.filter((c) =>
      status === 'SUCCEEDED' ? c.status === 'SUCCEEDED' : c.status !== 'SUCCEEDED',
    );
    if (group.length === 0) continue;
    const body = serialise(transformResults(group, writer.transformation), writer.outputType);
    files[status].push(await put(`${dir}${status}_0.json`, body));
  }
  const manifestKey = `${dir}manifest.json`;
  await put(
    manifestKey,
    toJson({ DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files }),
  );
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
}
