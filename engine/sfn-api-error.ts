/**
 * An error the Step Functions API itself answers (StartExecution, SendTaskSuccess, ...), as the
 * engine's in-process stand-ins for those calls raise it. `name` and `code` are the API's error
 * code (`ExecutionAlreadyExists`, `TaskTimedOut`), `message` its text. The integrations turn it
 * into the task error AWS reports: `StepFunctions.<Code>Exception` for the optimized
 * `states:startExecution*` resources, `Sfn.<Code>Exception` for `aws-sdk:sfn:*`.
 */
export class SfnApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = code;
    this.code = code;
  }
}

/** `ExecutionAlreadyExists` -> `ExecutionAlreadyExistsException`; a name ending in it stays. */
export function exceptionName(code: string): string {
  return code.endsWith('Exception') ? code : `${code}Exception`;
}
