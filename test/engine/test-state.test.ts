import { describe, expect, it } from 'vitest';
import { TestStateRequestError, testState } from '../../engine/index.ts';

const lambdaTask = {
  Type: 'Task',
  QueryLanguage: 'JSONata',
  Resource: 'arn:aws:states:::lambda:invoke',
  Arguments: { FunctionName: 'get-price', Payload: { sku: '{% $states.input.sku %}' } },
  Assign: { price: '{% $states.result.Payload.price %}' },
  Output: '{% { "sku": $states.input.sku, "total": $states.result.Payload.price * $quantity } %}',
  Retry: [
    { ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 2, MaxAttempts: 3 },
    { ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 0 },
  ],
  Catch: [
    { ErrorEquals: ['Lambda.ResourceNotFoundException'], Next: 'NotFound' },
    { ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Next: 'Broken' },
  ],
  Next: 'Charge',
};

describe('testState', () => {
  it('runs a Pass state and reports its output and next state', async () => {
    const result = await testState({
      definition: {
        Type: 'Pass',
        QueryLanguage: 'JSONata',
        Output: '{% $states.input.a + 1 %}',
        Next: 'After',
      },
      input: { a: 1 },
    });
    expect(result).toStrictEqual({ status: 'SUCCEEDED', output: '2', nextState: 'After' });
  });

  it('runs a Task with a mocked result: output, variables and the DEBUG inspection data', async () => {
    const result = await testState({
      definition: lambdaTask,
      input: { sku: 'a-1' },
      variables: { quantity: 3 },
      mock: { result: { StatusCode: 200, Payload: { price: 5 } } },
      inspectionLevel: 'DEBUG',
    });
    expect(result).toStrictEqual({
      status: 'SUCCEEDED',
      output: '{"sku":"a-1","total":15}',
      nextState: 'Charge',
      inspectionData: {
        input: '{"sku":"a-1"}',
        afterArguments: '{"FunctionName":"get-price","Payload":{"sku":"a-1"}}',
        result: '{"StatusCode":200,"Payload":{"price":5}}',
        variables: '{"quantity":3,"price":5}',
      },
    });
  });

  it('leaves inspectionData out at the INFO level', async () => {
    const result = await testState({
      definition: lambdaTask,
      input: { sku: 'a-1' },
      variables: { quantity: 1 },
      mock: { result: '{"Payload":{"price":2}}' },
    });
    expect(result).toStrictEqual({
      status: 'SUCCEEDED',
      output: '{"sku":"a-1","total":2}',
      nextState: 'Charge',
    });
  });

  it('reports RETRIABLE with the retrier and its first backoff when a retrier with attempts matches', async () => {
    const result = await testState({
      definition: lambdaTask,
      input: { sku: 'a-1' },
      mock: { errorOutput: { error: 'Lambda.TooManyRequestsException', cause: 'slow down' } },
      inspectionLevel: 'DEBUG',
    });
    expect(result.status).toBe('RETRIABLE');
    expect(result.error).toBe('Lambda.TooManyRequestsException');
    expect(result.cause).toBe('slow down');
    expect(result.nextState).toBeUndefined();
    expect(result.inspectionData?.errorDetails).toStrictEqual({
      retryIndex: 0,
      retryBackoffIntervalSeconds: 2,
    });
  });

  it('reports CAUGHT_ERROR with the catcher output and Next when no retrier has attempts', async () => {
    const result = await testState({
      definition: lambdaTask,
      input: { sku: 'a-1' },
      mock: { errorOutput: { error: 'Lambda.ServiceException', cause: 'boom' } },
      inspectionLevel: 'DEBUG',
    });
    expect(result).toMatchObject({
      status: 'CAUGHT_ERROR',
      error: 'Lambda.ServiceException',
      cause: 'boom',
      output: '{"Error":"Lambda.ServiceException","Cause":"boom"}',
      nextState: 'Broken',
    });
    expect(result.inspectionData?.errorDetails).toStrictEqual({ catchIndex: 1 });
  });

  it('takes the first catcher that matches; without Output its output is the error output', async () => {
    const result = await testState({
      definition: lambdaTask,
      input: { sku: 'a-1' },
      mock: { errorOutput: { error: 'Lambda.ResourceNotFoundException', cause: 'gone' } },
    });
    expect(result).toStrictEqual({
      status: 'CAUGHT_ERROR',
      error: 'Lambda.ResourceNotFoundException',
      cause: 'gone',
      output: '{"Error":"Lambda.ResourceNotFoundException","Cause":"gone"}',
      nextState: 'NotFound',
    });
  });

  it('reports FAILED when neither a retrier nor a catcher matches', async () => {
    const { Catch: _catch, ...noCatch } = lambdaTask;
    const result = await testState({
      definition: noCatch,
      input: { sku: 'a-1' },
      mock: { errorOutput: { error: 'Lambda.ServiceException', cause: 'boom' } },
    });
    expect(result).toStrictEqual({
      status: 'FAILED',
      error: 'Lambda.ServiceException',
      cause: 'boom',
    });
  });

  it('finds a Choice state in a whole definition and reports the branch taken as nextState', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Start',
      States: {
        Start: { Type: 'Pass', Next: 'Route' },
        Route: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.n > $limit %}', Next: 'Big' }],
          Default: 'Small',
        },
        Big: { Type: 'Succeed' },
        Small: { Type: 'Succeed' },
      },
    };
    const big = await testState({
      definition,
      stateName: 'Route',
      input: { n: 5 },
      variables: { limit: 3 },
    });
    const small = await testState({
      definition,
      stateName: 'Route',
      input: { n: 1 },
      variables: { limit: 3 },
    });
    expect(big).toStrictEqual({ status: 'SUCCEEDED', output: '{"n":5}', nextState: 'Big' });
    expect(small).toStrictEqual({ status: 'SUCCEEDED', output: '{"n":1}', nextState: 'Small' });
  });

  it('reports a Fail state as FAILED with its error and cause', async () => {
    const result = await testState({
      definition: {
        Type: 'Fail',
        QueryLanguage: 'JSONata',
        Error: 'Rejected',
        Cause: '{% "bad input: " & $states.input.why %}',
      },
      input: { why: 'empty' },
    });
    expect(result).toStrictEqual({
      status: 'FAILED',
      error: 'Rejected',
      cause: 'bad input: empty',
    });
  });

  // TestState's context.Execution.Name is a Context object value
  // (https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html), not a
  // StartExecution name, so the name rules runExecution applies do not refuse it.
  it('takes any context Execution.Name, even one StartExecution would refuse', async () => {
    const result = await testState({
      definition: {
        Type: 'Pass',
        QueryLanguage: 'JSONata',
        Output: '{% $states.context.Execution.Name %}',
        End: true,
      },
      context: { Execution: { Name: 'my run: 1/2' } },
    });
    expect(result).toStrictEqual({ status: 'SUCCEEDED', output: '"my run: 1/2"' });
  });

  it('runs a Wait state without waiting', async () => {
    const started = performance.now();
    const result = await testState({
      definition: { Type: 'Wait', QueryLanguage: 'JSONata', Seconds: 86_400, Next: 'Later' },
      input: { a: 1 },
    });
    expect(result).toStrictEqual({ status: 'SUCCEEDED', output: '{"a":1}', nextState: 'Later' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('answers an invalid state FAILED InvalidDefinition, naming the problem', async () => {
    const result = await testState({
      definition: { Type: 'Wait', QueryLanguage: 'JSONata', Next: 'Later' },
    });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('InvalidDefinition');
    expect(result.cause).toContain('a Wait state needs exactly one of Seconds or Timestamp');
  });

  it('refuses a whole definition without stateName, and an unknown state', async () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Succeed' } } };
    await expect(testState({ definition })).rejects.toThrow(TestStateRequestError);
    await expect(testState({ definition, stateName: 'B' })).rejects.toThrow(
      "The definition has no state 'B'",
    );
  });
});
