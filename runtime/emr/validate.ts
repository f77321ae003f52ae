/**
 * Checks a RunJobFlow request as EMR's API does, failing the task with the error Step Functions
 * reports for a rejected EMR call: `EMR.AmazonElasticMapReduceException`, whose cause ends with
 * the AWS SDK's `(Service: AmazonElasticMapReduce; Status Code: 400; Error Code:
 * ValidationException; ...)`. A rejected request creates no cluster, as on EMR.
 *
 * First EMR's API model (asl/service-models/: AWS's model from botocore; members, types,
 * required members, enums, lengths, ranges), the same check the engine makes before it calls the
 * emulator, so a direct caller of the emulator gets it too. Then only the rules the model cannot
 * express, each for the reason given beside it.
 */
import { randomUUID } from 'node:crypto';
import { requestSpec } from '../../asl/service-models/requests.ts';
import { validateAgainstShape, validationMessage } from '../../asl/service-models/validate.ts';
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

/** Throws EMR's ValidationException for a request its API model rejects. */
export function checkEmrModel(resource: string, request: unknown): void {
  const spec = requestSpec(resource);
  if (spec === undefined) throw new Error(`no EMR request model for ${resource}`);
  const problems = validateAgainstShape(spec.model, spec.shape, request, spec.operation);
  if (problems.length > 0) throw emrApiError(validationMessage(problems));
}

/** Throws the error EMR's RunJobFlow would give for `request`, or returns when it is acceptable. */
export function validateRunJobFlow(request: unknown): void {
  checkEmrModel('arn:aws:states:::elasticmapreduce:createCluster.sync', request);
  if (!isObject(request)) {
    throw emrApiError(`RunJobFlow request must be an object, got ${JSON.stringify(request)}`);
  }
  // The model makes Instances a structure of optional members; EMR needs one way to get nodes.
  const instances = request.Instances as Record<string, unknown>;
  if (!instances.InstanceGroups && !instances.InstanceFleets && !instances.MasterInstanceType) {
    throw emrApiError(
      'Instances must specify InstanceGroups, InstanceFleets or MasterInstanceType.',
    );
  }
  // The model's ReleaseLabel is any string of up to 256 characters; EMR knows its releases.
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
  // The model's IdleTimeout is a Long without bounds; EMR's documentation gives the range.
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
  // The model's LogUri is any XML string; EMR writes logs only to S3.
  const logUri = request.LogUri;
  if (logUri !== undefined && (typeof logUri !== 'string' || !/^s3n?:\/\/[^/]+/.test(logUri))) {
    throw emrApiError(`Invalid LogUri ${JSON.stringify(logUri)}: must be an s3:// location.`);
  }
  // The model's tag Key has no minimum length; EMR rejects an empty key.
  for (const tag of Array.isArray(request.Tags) ? request.Tags : []) {
    if (isObject(tag) && (typeof tag.Key !== 'string' || tag.Key.length === 0)) {
      throw emrApiError(`Invalid tag ${JSON.stringify(tag)}: Key must be a non-empty string.`);
    }
  }
  if (Array.isArray(request.Steps) && request.Steps.length > 0) {
    throw new IntegrationError(
      'States.TaskFailed',
      'Local EMR emulator: Steps in the RunJobFlow request are not supported; add them with addStep.sync.',
    );
  }
}
