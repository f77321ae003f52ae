/**
 * `arn:aws:states:::aws-sdk:sfn:sendTaskSuccess | sendTaskFailure | sendTaskHeartbeat`: the
 * callbacks a child execution (or any task) sends to a task waiting on `.waitForTaskToken`,
 * through the run's `TaskTokens`. The result is the API's empty response `{}`. Errors are the
 * AWS SDK integration's: `Sfn.<Code>Exception`, e.g. AWS recorded
 * `Sfn.InvalidTokenException` with "Invalid Token: 'Invalid token' (Service: Sfn, Status Code:
 * 400, Request ID: <id>) (SDK Attempt Count: 1)" (LocalStack's AWS-validated snapshot
 * test_aws_sdk_task_service.py::test_sfn_send_task_outcome_with_no_such_token).
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html
 */
import type { JsonValue } from '../api.ts';
import { StatesFailure } from '../errors.ts';
import { isPlainObject } from '../json.ts';
import { exceptionName, SfnApiError } from '../sfn-api-error.ts';
import type { TaskTokens } from '../task-tokens.ts';
import type { Integration, IntegrationCall } from './types.ts';
import { requestFailure } from './validate-request.ts';

const sdkResource =
  /^arn:aws[a-z-]*:states:::aws-sdk:sfn:(sendTaskSuccess|sendTaskFailure|sendTaskHeartbeat)$/;

type Action = 'sendTaskSuccess' | 'sendTaskFailure' | 'sendTaskHeartbeat';

function send(tokens: TaskTokens, action: Action, request: Record<string, unknown>): void {
  const token = request.TaskToken;
  if (typeof token !== 'string') {
    throw new SfnApiError(
      'ValidationException',
      "1 validation error detected: Value null at 'taskToken' failed to satisfy constraint: Member must not be null",
    );
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  if (action === 'sendTaskSuccess') {
    // Output is JSON text in the API; an object is serialised, as the SDK integration does.
    tokens.sendTaskSuccess(token, (request.Output ?? null) as JsonValue);
  } else if (action === 'sendTaskFailure') {
    const error = text(request.Error);
    const cause = text(request.Cause);
    tokens.sendTaskFailure(token, {
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
  } else {
    tokens.sendTaskHeartbeat(token);
  }
}

function sdkFailure(error: SfnApiError, call: IntegrationCall): StatesFailure {
  const cause = `${error.message} (Service: Sfn, Status Code: 400, Request ID: ${call.run.uuid()}) (SDK Attempt Count: 1)`;
  return new StatesFailure(`Sfn.${exceptionName(error.code)}`, cause, { cause: error });
}

export function sfnSdkIntegration(
  resource: string,
): Pick<Integration, 'lambdaFunction' | 'invoke'> | undefined {
  const action = sdkResource.exec(resource)?.[1] as Action | undefined;
  if (!action) return undefined;
  return {
    lambdaFunction: false,
    invoke: (args, call) => {
      try {
        const request = isPlainObject(args) ? args : {};
        // A missing token keeps AWS's recorded message (send); then the API model's rules.
        const rejected =
          typeof request.TaskToken === 'string' ? requestFailure(resource, args, call) : undefined;
        if (rejected) return Promise.reject(rejected);
        send(call.run.taskTokens, action, request);
        return Promise.resolve({});
      } catch (thrown) {
        return Promise.reject(thrown instanceof SfnApiError ? sdkFailure(thrown, call) : thrown);
      }
    },
  };
}
