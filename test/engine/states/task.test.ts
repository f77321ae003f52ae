import { describe, expect, it, vi } from 'vitest';
import { IntegrationError, type LambdaHandler } from '../../../engine/index.ts';
import { eventsOf, lambdaInvoke, machine, run, types } from '../helpers.ts';

const invoke = (fn: string, extra: Record<string, unknown> = {}) =>
  machine({
    T: {
      Type: 'Task',
      Resource: lambdaInvoke,
      Arguments: { FunctionName: fn, Payload: '{% $states.input %}' },
      ...extra,
      End: true,
    },
  });

class UnknownTickerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownTickerError';
  }
}

describe('Task state: lambda:invoke', () => {
  it('returns Lambda’s envelope with the handler’s result as Payload', async () => {
    const result = await run(
      invoke('echo'),
      { a: 1 },
      { lambdaHandlers: { echo: async (e) => ({ got: e }) } },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { got: { a: 1 } },
      StatusCode: 200,
    });
    expect(result.output).toHaveProperty('SdkHttpMetadata.HttpStatusCode', 200);
    expect(result.output).toHaveProperty('SdkResponseMetadata.RequestId');
  });

  it('records TaskScheduled, TaskStarted and TaskSucceeded with the resource and parameters', async () => {
    const result = await run(
      invoke('echo'),
      { a: 1 },
      { lambdaHandlers: { echo: async () => 'ok' } },
    );
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(eventsOf(result, 'TaskScheduled')[0]?.taskScheduledEventDetails).toStrictEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: '{"FunctionName":"echo","Payload":{"a":1}}',
    });
    expect(eventsOf(result, 'TaskStarted')[0]?.taskStartedEventDetails).toStrictEqual({
      resourceType: 'lambda',
      resource: 'invoke',
    });
  });

  it('hands the handler a copy of its payload and a Lambda context', async () => {
    const seen: unknown[] = [];
    const handler: LambdaHandler = async (event, context) => {
      seen.push(
        context.functionName,
        context.invokedFunctionArn,
        context.getRemainingTimeInMillis() > 0,
      );
      (event as { a: number }).a = 99;
      return null;
    };
    const def = machine({
      T: {
        Type: 'Task',
        Resource: lambdaInvoke,
        Arguments: { FunctionName: 'fn', Payload: '{% $states.input %}' },
        Output: '{% $states.input %}',
        End: true,
      },
    });
    const result = await run(def, { a: 1 }, { lambdaHandlers: { fn: handler } });
    expect(result.output).toStrictEqual({ a: 1 });
    expect(seen).toStrictEqual(['fn', 'arn:aws:lambda:us-east-1:123456789012:function:fn', true]);
  });

  it('finds the handler of a function given by ARN, including one made by a substitution', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a definition-substitution placeholder
    const def = invoke('${DownloadFunctionArn}');
    const result = await run(
      def,
      {},
      {
        substitutions: {
          DownloadFunctionArn:
            'arn:aws:lambda:eu-west-1:111122223333:function:download-ticker:live',
        },
        lambdaHandlers: { 'download-ticker': async () => 'downloaded' },
      },
    );
    expect(result.output).toMatchObject({ Payload: 'downloaded' });
  });

  it('fails with the error’s name and Lambda’s JSON cause when the handler throws', async () => {
    const result = await run(
      invoke('fetch'),
      {},
      {
        lambdaHandlers: {
          fetch: async () => {
            throw new UnknownTickerError('ZZZZ is not listed');
          },
        },
      },
    );
    expect(result.error).toBe('UnknownTickerError');
    const cause = JSON.parse(result.cause as string) as Record<string, unknown>;
    expect(Object.keys(cause)).toStrictEqual(['errorType', 'errorMessage', 'trace']);
    expect(cause).toMatchObject({
      errorType: 'UnknownTickerError',
      errorMessage: 'ZZZZ is not listed',
    });
    expect(eventsOf(result, 'TaskFailed')[0]?.taskFailedEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'UnknownTickerError',
    });
  });

  it('fails with States.Runtime naming the function and how to register it when no handler exists', async () => {
    const result = await run(invoke('missing'));
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain("No in-process Lambda handler for the function 'missing'");
    expect(result.cause).toContain(
      "lambdaHandlers: { 'missing': async (event, context) => result }",
    );
  });

  it('uses the state input as arguments when Arguments is absent', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: lambdaInvoke,
        Output: '{% $states.result.Payload %}',
        End: true,
      },
    });
    const result = await run(
      def,
      { FunctionName: 'echo', Payload: { x: 1 } },
      { lambdaHandlers: { echo: async (e) => e } },
    );
    expect(result.output).toStrictEqual({ x: 1 });
  });

  it('evaluates Output and Assign against $states.result', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: lambdaInvoke,
        Arguments: { FunctionName: 'n' },
        Output: '{% $states.result.Payload.value %}',
        Assign: { doubled: '{% $states.result.Payload.value * 2 %}' },
        Next: 'P',
      },
      P: { Type: 'Pass', Output: '{% $doubled %}', End: true },
    });
    const result = await run(def, {}, { lambdaHandlers: { n: async () => ({ value: 21 }) } });
    expect(result.output).toBe(42);
  });

  it('records LambdaFunction* events for a direct function ARN and returns the payload itself', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:echo',
        End: true,
      },
    });
    const result = await run(def, { a: 1 }, { lambdaHandlers: { echo: async (e) => e } });
    expect(result.output).toStrictEqual({ a: 1 });
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });
});

describe('Task state: other integrations', () => {
  it('fails with States.Runtime naming an unknown resource and how to register a handler', async () => {
    const def = machine({
      T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true },
    });
    const result = await run(def);
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain(
      "No integration handles the resource 'arn:aws:states:::sqs:sendMessage'",
    );
    expect(result.cause).toContain('integrations:');
    expect(types(result)).toContain('TaskFailed');
  });

  it('prefers an exact ARN over a prefix among registered integrations', async () => {
    const def = machine({
      T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true },
    });
    const result = await run(
      def,
      {},
      {
        integrations: {
          'arn:aws:states:::sqs:': async () => 'prefix',
          'arn:aws:states:::sqs:sendMessage': async () => 'exact',
        },
      },
    );
    expect(result.output).toBe('exact');
  });

  it('uses the longest matching prefix', async () => {
    const def = machine({
      T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true },
    });
    const result = await run(
      def,
      {},
      {
        integrations: {
          'arn:aws:states:::': async () => 'short',
          'arn:aws:states:::sqs:': async () => 'long',
        },
      },
    );
    expect(result.output).toBe('long');
  });

  it('fails with the error and cause of an IntegrationError', async () => {
    const def = machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::custom', End: true } });
    const result = await run(
      def,
      {},
      {
        integrations: {
          'arn:aws:states:::custom': async () => {
            throw new IntegrationError('Custom.Broken', 'the backend said no');
          },
        },
      },
    );
    expect(result).toMatchObject({ error: 'Custom.Broken', cause: 'the backend said no' });
  });

  it('records TaskSubmitted when a .sync integration reports its job', async () => {
    const def = machine({
      T: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', End: true },
    });
    const result = await run(
      def,
      {},
      {
        integrations: {
          'arn:aws:states:::glue:startJobRun.sync': async (_args, ctx) => {
            ctx.submitted?.({ JobRunId: 'jr-1' });
            return { JobRunState: 'SUCCEEDED' };
          },
        },
      },
    );
    expect(types(result).slice(2, 6)).toStrictEqual([
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
    ]);
    expect(eventsOf(result, 'TaskSubmitted')[0]?.taskSubmittedEventDetails?.output).toBe(
      '{"JobRunId":"jr-1"}',
    );
  });

  it('gives a .waitForTaskToken task a token in $states.context.Task.Token and in its context', async () => {
    let seen: string | undefined;
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Arguments: { token: '{% $states.context.Task.Token %}' },
        End: true,
      },
    });
    const result = await run(
      def,
      {},
      {
        integrations: {
          'arn:aws:states:::sqs:sendMessage.waitForTaskToken': async (args, ctx) => {
            seen = ctx.taskToken;
            return args;
          },
        },
      },
    );
    expect(seen).toMatch(/^[0-9a-f]{64}$/);
    expect(result.output).toStrictEqual({ token: seen });
  });

  it('routes the EMR .sync resources to the EMR backend', async () => {
    const emr = {
      createCluster: vi.fn(async (_request: unknown) => ({
        ClusterId: 'j-1',
        ClusterArn: 'arn:emr:j-1',
      })),
      addStep: vi.fn(async (_request: unknown) => ({ StepId: 's-1' })),
      terminateCluster: vi.fn(async (_request: unknown) => ({})),
    };
    const def = machine({
      Create: {
        Type: 'Task',
        Resource: 'arn:aws:states:::elasticmapreduce:createCluster.sync',
        Arguments: { Name: 'c', Instances: {} },
        Output: '{% $states.result %}',
        Next: 'Step',
      },
      Step: {
        Type: 'Task',
        Resource: 'arn:aws:states:::elasticmapreduce:addStep.sync',
        Arguments: {
          ClusterId: '{% $states.input.ClusterId %}',
          Step: { Name: 's', HadoopJarStep: { Jar: 'command-runner.jar' } },
        },
        Next: 'End',
      },
      End: {
        Type: 'Task',
        Resource: 'arn:aws:states:::elasticmapreduce:terminateCluster.sync',
        Arguments: { ClusterId: 'j-1' },
        End: true,
      },
    });
    const result = await run(def, {}, { emr });
    expect(result.status).toBe('SUCCEEDED');
    expect(emr.createCluster.mock.calls[0]?.[0]).toStrictEqual({ Name: 'c', Instances: {} });
    expect(emr.addStep.mock.calls[0]?.[0]).toStrictEqual({
      ClusterId: 'j-1',
      Step: { Name: 's', HadoopJarStep: { Jar: 'command-runner.jar' } },
    });
    expect(emr.terminateCluster.mock.calls[0]?.[0]).toStrictEqual({ ClusterId: 'j-1' });
  });

  it('fails with States.Runtime saying how to pass an EMR backend when none is given', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::elasticmapreduce:createCluster.sync',
        End: true,
      },
    });
    const result = await run(def);
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain('needs an EMR backend');
  });
});

describe('Task state: limits', () => {
  it('fails with States.DataLimitExceeded when a result is over 256 KiB', async () => {
    const result = await run(
      invoke('big'),
      {},
      { lambdaHandlers: { big: async () => 'x'.repeat(300 * 1024) } },
    );
    // AWS's cause, as recorded in a real Lambda task's history (quoted in
    // https://github.com/localstack/localstack tests/aws/services/stepfunctions/v2/error_handling,
    // test_service_task_lambada_data_limit_exceeded_on_large_utf8_response, validated on AWS):
    // the resource type, no byte counts, no state prefix.
    expect(result.error).toBe('States.DataLimitExceeded');
    expect(result.cause).toBe(
      "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.",
    );
    expect(types(result)).toContain('TaskFailed');
  });

  // The error-handling page says States.ALL does not match States.DataLimitExceeded, but AWS
  // recorded a States.ALL catcher taking the one a Lambda task's result raised (LocalStack's
  // AWS-validated test_states_errors.snapshot.json,
  // test_service_task_lambada_catch_state_all_data_limit_exceeded_on_large_utf8_response,
  // 2024-03-21, https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/error_handling/test_states_errors.snapshot.json).
  // The engine follows the recording for a task's result and the page everywhere else.
  it('lets States.ALL catch the States.DataLimitExceeded of a task’s result, as AWS recorded', async () => {
    const def = invoke('big', { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] });
    (def.States as Record<string, unknown>).Caught = { Type: 'Pass', End: true };
    const result = await run(
      def,
      {},
      { lambdaHandlers: { big: async () => 'x'.repeat(300 * 1024) } },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({
      Error: 'States.DataLimitExceeded',
      Cause:
        "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });

  it('names a Lambda function ARN resource in full in the cause, as AWS recorded', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:big';
    const def = machine({ T: { Type: 'Task', Resource: arn, End: true } });
    const result = await run(
      def,
      {},
      { lambdaHandlers: { big: async () => 'x'.repeat(300 * 1024) } },
    );
    expect(result.error).toBe('States.DataLimitExceeded');
    expect(result.cause).toBe(
      `The state/task '${arn}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
    expect(types(result)).toContain('LambdaFunctionFailed');
  });

  it('does not let States.ALL catch States.DataLimitExceeded of a state’s output', async () => {
    const def = invoke('small', {
      Output: "{% $pad('', 270000, 'y') %}",
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
    });
    (def.States as Record<string, unknown>).Caught = { Type: 'Pass', End: true };
    const result = await run(def, {}, { lambdaHandlers: { small: async () => 'ok' } });
    expect(result.error).toBe('States.DataLimitExceeded');
    expect(types(result)).not.toContain('PassStateEntered');
  });

  it('fails with States.DataLimitExceeded when a state’s output is over 256 KiB', async () => {
    const def = machine({ P: { Type: 'Pass', Output: "{% $pad('', 270000, 'y') %}", End: true } });
    const result = await run(def);
    expect(result.error).toBe('States.DataLimitExceeded');
    expect(result.cause).toBe(
      "The state/task 'P' returned a result with a size exceeding the maximum number of bytes service limit.",
    );
  });
});

describe('Task state: the Lambda context', () => {
  it('is a plain object whose fields survive a spread', async () => {
    let spread: Record<string, unknown> = {};
    const def = machine({
      T: { Type: 'Task', Resource: lambdaInvoke, Arguments: { FunctionName: 'fn' }, End: true },
    });
    await run(
      def,
      {},
      {
        lambdaHandlers: {
          fn: async (_event, context) => {
            const { getRemainingTimeInMillis, ...rest } = context;
            spread = { ...rest, remaining: getRemainingTimeInMillis() };
            return null;
          },
        },
      },
    );
    expect(Object.keys(spread).sort()).toStrictEqual(
      [
        'awsRequestId',
        'callbackWaitsForEmptyEventLoop',
        'functionName',
        'functionVersion',
        'invokedFunctionArn',
        'logGroupName',
        'logStreamName',
        'memoryLimitInMB',
        'remaining',
      ].sort(),
    );
    expect(spread.logStreamName).toMatch(/^2024\/05\/01\/\[\$LATEST\][0-9a-f]{32}$/);
  });
});
