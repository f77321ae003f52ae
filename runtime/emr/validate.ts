/**
 * Checks a RunJobFlow request the way EMR's API does where it matters for this project, failing
 * the task with the error Step Functions reports for a rejected EMR call:
 * `EMR.AmazonElasticMapReduceException`, whose cause ends with the AWS SDK's
 * `(Service: AmazonElasticMapReduce; Status Code: 400; Error Code: ValidationException; ...)`.
 * A rejected request creates no cluster, as on EMR.
 */
import { randomUUID } from 'node:crypto';
import { IntegrationError } from '../../engine/api.ts';

export const EmrApiError = 'EMR.AmazonElasticMapReduceException';

/** EMR accepts an IdleTimeout between one minute and seven days. */
export const idleTimeoutRange = { min: 60, max: 604_800 } as const;

/** The release family the local runtime emulates: emr-7.x ships Spark 3.5, as the venv does. */
const supportedRelease = /^emr-7\.\d+\.\d+$/;
const releaseLabelShape = /^emr-\d+\.\d+\.\d+$/;

export function emrApiError(message: string, errorCode = 'ValidationException'): IntegrationError {
  return new IntegrationError(
    EmrApiError,
    `${message} (Service: AmazonElasticMapReduce; Status Code: 400; Error Code: ${errorCode}; Request ID: ${randomUUID()}; Proxy: null)`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** AWS's model-constraint message: every missing required member, in one error. */
function requiredMembers(request: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [field, wire] of [
    ['Name', 'name'],
    ['Instances', 'instances'],
  ] as const) {
    if (request[field] === undefined || request[field] === null) {
      problems.push(
        `Value null at '${wire}' failed to satisfy constraint: Member must not be null`,
      );
    }
  }
  return problems;
}

/** Throws the error EMR's RunJobFlow would give for `request`, or returns when it is acceptable. */
export function validateRunJobFlow(request: unknown): void {
  if (!isObject(request)) {
    throw emrApiError(`RunJobFlow request must be an object, got ${JSON.stringify(request)}`);
  }
  const missing = requiredMembers(request);
  if (missing.length > 0) {
    const count =
      missing.length === 1 ? '1 validation error' : `${missing.length} validation errors`;
    throw emrApiError(`${count} detected: ${missing.join('; ')}`);
  }
  const name = request.Name;
  if (typeof name !== 'string' || name.length < 1 || name.length > 256) {
    throw emrApiError(
      `Invalid Name ${JSON.stringify(name)}: must be a string of 1 to 256 characters.`,
    );
  }
  const instances = request.Instances;
  if (!isObject(instances)) {
    throw emrApiError(`Instances must be an object, got ${JSON.stringify(instances)}.`);
  }
  if (!instances.InstanceGroups && !instances.InstanceFleets && !instances.MasterInstanceType) {
    throw emrApiError(
      'Instances must specify InstanceGroups, InstanceFleets or MasterInstanceType.',
    );
  }
  const label = request.ReleaseLabel;
  if (typeof label !== 'string' || !releaseLabelShape.test(label)) {
    throw emrApiError(`The specified release label ${JSON.stringify(label)} is not valid.`);
  }
  if (!supportedRelease.test(label)) {
    // EMR would accept other releases; the local runtime runs only what the project's venv
    // matches (tasks/train/requirements.txt pins the Spark of emr-7.x).
    throw new IntegrationError(
      'States.TaskFailed',
      `Local EMR emulator: ReleaseLabel '${label}' is not supported; use an emr-7.x release (Spark 3.5, as in tasks/train/requirements.txt).`,
    );
  }
  const policy = request.AutoTerminationPolicy;
  if (policy !== undefined) {
    const idle = isObject(policy) ? policy.IdleTimeout : undefined;
    if (
      typeof idle !== 'number' ||
      !Number.isInteger(idle) ||
      idle < idleTimeoutRange.min ||
      idle > idleTimeoutRange.max
    ) {
      throw emrApiError(
        `Invalid AutoTerminationPolicy.IdleTimeout ${JSON.stringify(idle)}: the idle timeout must be between ${idleTimeoutRange.min} and ${idleTimeoutRange.max} seconds.`,
      );
    }
  }
  const logUri = request.LogUri;
  if (logUri !== undefined && (typeof logUri !== 'string' || !/^s3n?:\/\/[^/]+/.test(logUri))) {
    throw emrApiError(`Invalid LogUri ${JSON.stringify(logUri)}: must be an s3:// location.`);
  }
  const tags = request.Tags;
  if (tags !== undefined) {
    if (!Array.isArray(tags)) throw emrApiError('Tags must be a list of {Key, Value}.');
    for (const tag of tags) {
      if (!isObject(tag) || typeof tag.Key !== 'string' || tag.Key.length === 0) {
        throw emrApiError(`Invalid tag ${JSON.stringify(tag)}: Key must be a non-empty string.`);
      }
    }
  }
  if (Array.isArray(request.Steps) && request.Steps.length > 0) {
    throw new IntegrationError(
      'States.TaskFailed',
      'Local EMR emulator: Steps in the RunJobFlow request are not supported; add them with addStep.sync.',
    );
  }
}
