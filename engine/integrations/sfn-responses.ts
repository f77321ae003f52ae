/**
 * What the optimized Step Functions integration returns, in the shapes AWS records:
 *
 * - StartExecution (`states:startExecution`, and the `TaskSubmitted` output of the other three):
 *   `{ ExecutionArn, SdkHttpMetadata, SdkResponseMetadata, StartDate }`.
 * - DescribeExecution (`.sync`, `.sync:2`): `{ ExecutionArn, Input, InputDetails, Name, Output,
 *   OutputDetails, ..., StartDate, StateMachineArn, Status, StopDate }` with `Input` and `Output`
 *   as JSON strings for `.sync` and parsed for `.sync:2`.
 * - A child that did not succeed fails the task with States.TaskFailed, the Cause being that
 *   DescribeExecution response as JSON text with the child's `Error` and `Cause`.
 *
 * Keys are PascalCase in alphabetical order, as in the executions AWS recorded for LocalStack's
 * AWS-validated snapshots (tests/aws/services/stepfunctions/v2/callback/test_callback.py:
 * test_start_execution_sync, _sync2, _sync_delegate_failure, _sync_delegate_timeout; 2023).
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
 *
 * Where the records are silent: dates are ISO-8601 strings with milliseconds, as in a real
 * nested-execution output of 2022; `RedriveCount`/`RedriveStatus`(/`RedriveStatusReason`) are
 * there because DescribeExecution has returned them since redrive launched (after those
 * recordings); a TIMED_OUT child's description has no Error (DescribeExecution gives none); a
 * `.sync:2` failure's Cause keeps `Input` as a string, like `.sync`'s.
 */
import type { ChildExecutionResult, JsonObject, JsonValue } from '../api.ts';
import type { StartedExecution } from '../execution.ts';
import { toJson } from '../json.ts';

/** An ISO-8601 date with milliseconds. */
function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** StartExecution's response as the optimized integration returns it (with AWS's HTTP metadata). */
export function startExecutionResponse(
  started: StartedExecution,
  requestId: string,
  nowMs: number,
): JsonObject {
  // The body the API sent: its length is the Content-Length header.
  const body = JSON.stringify({ executionArn: started.arn, startDate: started.startMs / 1000 });
  const length = String(Buffer.byteLength(body, 'utf8'));
  const date = new Date(Math.floor(nowMs / 1000) * 1000).toUTCString();
  const contentType = 'application/x-amz-json-1.0';
  return {
    ExecutionArn: started.arn,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'x-amzn-RequestId': [requestId],
        connection: ['keep-alive'],
        'Content-Length': [length],
        Date: [date],
        'Content-Type': [contentType],
      },
      HttpHeaders: {
        connection: 'keep-alive',
        'Content-Length': length,
        'Content-Type': contentType,
        Date: date,
        'x-amzn-RequestId': requestId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StartDate: isoDate(started.startMs),
  };
}

/**
 * The DescribeExecution response of an ended child. `parse` (`.sync:2`) gives `Input` and
 * `Output` as JSON values instead of JSON text.
 */
export function describeExecution(
  child: ChildExecutionResult,
  inputText: string,
  parse: boolean,
): JsonObject {
  const succeeded = child.status === 'SUCCEEDED';
  const reportsError = child.status === 'FAILED' || child.status === 'ABORTED';
  const out: JsonObject = {};
  if (reportsError && child.cause !== undefined) out.Cause = child.cause;
  if (reportsError && child.error !== undefined) out.Error = child.error;
  out.ExecutionArn = child.executionArn;
  out.Input = parse ? (JSON.parse(inputText) as JsonValue) : inputText;
  out.InputDetails = { Included: true };
  out.Name = child.name;
  if (succeeded) {
    const outputText = toJson(child.output);
    out.Output = parse ? (JSON.parse(outputText) as JsonValue) : outputText;
    out.OutputDetails = { Included: true };
  }
  out.RedriveCount = 0;
  out.RedriveStatus = succeeded ? 'NOT_REDRIVABLE' : 'REDRIVABLE';
  if (succeeded) out.RedriveStatusReason = 'Execution is SUCCEEDED and cannot be redriven';
  out.StartDate = isoDate(child.startDate.getTime());
  out.StateMachineArn = child.stateMachineArn;
  out.Status = child.status;
  out.StopDate = isoDate(child.stopDate.getTime());
  return out;
}
