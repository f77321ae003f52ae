/**
 * `arn:aws:states:::aws-sdk:s3:<action>` through the caller's S3 client: the action name maps to
 * the SDK command (`getObject` -> `GetObjectCommand`), the Task's Arguments are the command input,
 * and the result is the SDK output without `$metadata`, with `Body` read as a string and dates as
 * ISO-8601 strings, as Step Functions returns them. SDK errors become `S3.<Name>Exception`; a
 * request S3's API model rejects fails first, as `S3.S3Exception` (`validate-request.ts`).
 * https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */

import type { S3Client } from '@aws-sdk/client-s3';
import * as s3 from '@aws-sdk/client-s3';
import { StatesFailure, StatesRuntimeError } from '../errors.ts';
import type { RunContext } from '../execution.ts';
import { isPlainObject } from '../json.ts';
import type { Integration } from './types.ts';
import { checkRequest } from './validate-request.ts';

const sdkResource = /^arn:aws[a-z-]*:states:::aws-sdk:s3:([A-Za-z0-9]+)$/;

type Command = new (input: unknown) => Parameters<S3Client['send']>[0];

export function requireS3(run: RunContext, what: string): S3Client {
  if (!run.s3) {
    throw new StatesRuntimeError(
      `${what} needs an S3 client: pass runExecution(definition, input, { s3: new S3Client({ endpoint, forcePathStyle: true, ... }) })`,
    );
  }
  return run.s3;
}

/** The SDK command class for an action name, or undefined. */
export function s3Command(action: string): Command | undefined {
  const name = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
  const command = (s3 as unknown as Record<string, unknown>)[name];
  return typeof command === 'function' ? (command as Command) : undefined;
}

/** An SDK error as the aws-sdk integration reports it. */
export function sdkFailure(service: string, error: unknown): StatesFailure {
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number; requestId?: string };
  };
  const name = e.name ?? 'UnknownError';
  const errorName = `${service}.${name.endsWith('Exception') ? name : `${name}Exception`}`;
  const status = e.$metadata?.httpStatusCode;
  const cause = `${e.message ?? name} (Service: ${service}, Status Code: ${status ?? 'unknown'}, Request ID: ${e.$metadata?.requestId ?? 'unknown'})`;
  return new StatesFailure(errorName, cause, { cause: error });
}

/** SDK output as JSON: `$metadata` dropped, streams read as text, dates as ISO strings. */
export async function sdkOutput(value: unknown): Promise<unknown> {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return Promise.all(value.map(sdkOutput));
  if (typeof value !== 'object' || value === null) return value;
  const stream = value as { transformToString?: () => Promise<string> };
  if (typeof stream.transformToString === 'function') return stream.transformToString();
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$metadata' || item === undefined) continue;
    out[key] = await sdkOutput(item);
  }
  return out;
}

export function s3SdkIntegration(
  run: RunContext,
  resource: string,
): Pick<Integration, 'lambdaFunction' | 'invoke'> | undefined {
  const action = sdkResource.exec(resource)?.[1];
  if (!action) return undefined;
  return {
    lambdaFunction: false,
    invoke: async (args, ctx) => {
      const client = requireS3(run, `The resource '${resource}'`);
      const Command = s3Command(action);
      if (!Command) {
        throw new StatesRuntimeError(
          `The resource '${resource}' names no S3 API action ('${action}' has no SDK command)`,
        );
      }
      checkRequest(resource, args, ctx);
      const input = isPlainObject(args) ? { ...args } : {};
      if (input.Body !== undefined && typeof input.Body !== 'string')
        input.Body = JSON.stringify(input.Body);
      try {
        return await sdkOutput(await client.send(new Command(input), { abortSignal: ctx.signal }));
      } catch (error) {
        if (ctx.cancel.aborted) throw ctx.cancel.reason;
        throw sdkFailure('S3', error);
      }
    },
  };
}
