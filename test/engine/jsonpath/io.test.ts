/**
 * JSONPath input and output processing, from the AWS documentation ("Processing input and output":
 * InputPath, Parameters, ResultSelector, ResultPath, OutputPath).
 */
import { describe, expect, it } from 'vitest';
import { lambdaInvoke, run } from '../helpers.ts';
import { pass, pathMachine } from './helpers.ts';

describe('JSONPath InputPath and OutputPath', () => {
  it('selects the effective input and the output with paths', async () => {
    const result = await pass(
      { InputPath: '$.order', ResultPath: '$.copy', OutputPath: '$.copy.items[1]' },
      { order: { items: ['a', 'b'] } },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toBe('b');
  });

  it('discards with null: InputPath and OutputPath give {}', async () => {
    expect((await pass({ InputPath: null }, { a: 1 })).output).toStrictEqual({});
    expect((await pass({ OutputPath: null }, { a: 1 })).output).toStrictEqual({});
  });

  it("fails with States.Runtime and AWS's wording when InputPath selects nothing", async () => {
    const result = await pass({ InputPath: '$.missing' }, { a: 1 });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toBe(
      "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']",
    );
  });

  it('reads bracket notation, wildcards, slices, filters and deep scans (Jayway dialect)', async () => {
    const input = {
      'a b': 1,
      items: [
        { id: 1, tag: 'x' },
        { id: 2, tag: 'y' },
        { id: 3, tag: 'x' },
      ],
    };
    const result = await pass(
      {
        Parameters: {
          'bracket.$': "$['a b']",
          'all.$': '$.items[*].id',
          'slice.$': '$.items[0:2].id',
          'filter.$': "$.items[?(@.tag == 'x')].id",
          'deep.$': '$..tag',
          'first.$': '$.items[0]',
        },
      },
      input,
    );
    expect(result.output).toStrictEqual({
      bracket: 1,
      all: [1, 2, 3],
      slice: [1, 2],
      filter: [1, 3],
      deep: ['x', 'y', 'x'],
      first: { id: 1, tag: 'x' },
    });
  });

  it('gives an empty array, not an error, for an indefinite path that matches nothing', async () => {
    const result = await pass({ Parameters: { 'v.$': '$.items[?(@.id > 5)]' } }, { items: [] });
    expect(result.output).toStrictEqual({ v: [] });
  });
});

describe('JSONPath Parameters (payload templates)', () => {
  it('replaces keys ending in .$ with their path value at any depth and keeps literals', async () => {
    const result = await pass(
      {
        Parameters: {
          literal: 'text',
          'fromInput.$': '$.a',
          nested: { 'inner.$': '$.b.c', plain: [1, 2] },
          list: [{ 'x.$': '$.a' }],
        },
      },
      { a: 1, b: { c: 'deep' } },
    );
    expect(result.output).toStrictEqual({
      literal: 'text',
      fromInput: 1,
      nested: { inner: 'deep', plain: [1, 2] },
      list: [{ x: 1 }],
    });
  });

  it('reads the Context object with $$', async () => {
    const result = await pass(
      {
        Parameters: {
          'name.$': '$$.State.Name',
          'input.$': '$$.Execution.Input',
          'execution.$': '$$.Execution.Name',
        },
      },
      { k: 'v' },
    );
    expect(result.output).toStrictEqual({
      name: 'P',
      input: { k: 'v' },
      execution: 'test-execution',
    });
  });

  it('fails with States.Runtime naming the field when a path finds nothing', async () => {
    const result = await pass({ Parameters: { 'value.$': '$.nope' } }, { a: 1 });
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toBe(
      `An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.nope' specified for the field 'value.$' could not be found in the input '{"a":1}'`,
    );
  });

  it('applies Parameters after InputPath', async () => {
    const result = await pass(
      { InputPath: '$.inner', Parameters: { 'v.$': '$.x' } },
      { inner: { x: 5 } },
    );
    expect(result.output).toStrictEqual({ v: 5 });
  });
});

describe('JSONPath ResultPath', () => {
  it('replaces the input with the result by default ($)', async () => {
    expect((await pass({ Result: { r: 1 } }, { a: 1 })).output).toStrictEqual({ r: 1 });
  });

  it('merges the result into the raw input (not the InputPath selection), creating objects', async () => {
    const result = await pass(
      { InputPath: '$.a', Result: 'done', ResultPath: '$.status.last' },
      { a: { x: 1 }, b: 2 },
    );
    expect(result.output).toStrictEqual({ a: { x: 1 }, b: 2, status: { last: 'done' } });
  });

  it('discards the result with null: the output is the raw input', async () => {
    expect((await pass({ Result: 'r', ResultPath: null }, { a: 1 })).output).toStrictEqual({
      a: 1,
    });
  });

  it('fails with States.Runtime when the result cannot be placed (the input is not an object)', async () => {
    const result = await pass({ Result: 1, ResultPath: '$.a.b' }, { a: 'text' });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toBe(
      `An error occurred while executing the state 'P' (entered at the event id #2). Unable to apply ReferencePath $.a.b to input "{\\"a\\":\\"text\\"}"`,
    );
  });

  it('places a catcher error output at its ResultPath in the raw input', async () => {
    const def = pathMachine({
      T: {
        Type: 'Task',
        Resource: lambdaInvoke,
        Parameters: { FunctionName: 'fails' },
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Done' }],
        End: true,
      },
      Done: { Type: 'Succeed' },
    });
    const result = await run(
      def,
      { keep: true },
      {
        lambdaHandlers: {
          fails: async () => {
            const error = new Error('bad');
            error.name = 'Boom';
            throw error;
          },
        },
      },
    );
    expect(result.status).toBe('SUCCEEDED');
    const output = result.output as { keep: boolean; error: { Error: string; Cause: string } };
    expect(output.keep).toBe(true);
    expect(output.error.Error).toBe('Boom');
    expect(JSON.parse(output.error.Cause).errorMessage).toBe('bad');
  });
});

describe('JSONPath Task: Parameters, ResultSelector, ResultPath, OutputPath', () => {
  it('calls the handler with Parameters and shapes its result', async () => {
    const def = pathMachine({
      T: {
        Type: 'Task',
        Resource: lambdaInvoke,
        InputPath: '$.request',
        Parameters: { FunctionName: 'double', Payload: { 'n.$': '$.n' } },
        ResultSelector: { 'doubled.$': '$.Payload.value', 'status.$': '$.StatusCode' },
        ResultPath: '$.result',
        OutputPath: '$.result',
        End: true,
      },
    });
    const result = await run(
      def,
      { request: { n: 21 } },
      { lambdaHandlers: { double: async (event) => ({ value: (event as { n: number }).n * 2 }) } },
    );
    expect(result.output).toStrictEqual({ doubled: 42, status: 200 });
  });

  it('reads TimeoutSecondsPath and HeartbeatSecondsPath from the effective input', async () => {
    const def = pathMachine({
      T: {
        Type: 'Task',
        Resource: lambdaInvoke,
        Parameters: { FunctionName: 'f' },
        TimeoutSecondsPath: '$.timeout',
        HeartbeatSecondsPath: '$.heartbeat',
        End: true,
      },
    });
    const result = await run(
      def,
      { timeout: 30, heartbeat: 10 },
      { lambdaHandlers: { f: async () => 'ok' } },
    );
    expect(result.status).toBe('SUCCEEDED');
    const scheduled = result.events.find((e) => e.type === 'TaskScheduled');
    expect(scheduled?.taskScheduledEventDetails).toMatchObject({
      timeoutInSeconds: 30,
      heartbeatInSeconds: 10,
    });
    const bad = await run(
      def,
      { timeout: 0, heartbeat: 1 },
      { lambdaHandlers: { f: async () => 1 } },
    );
    expect(bad.error).toBe('States.Runtime');
    expect(bad.cause).toContain('TimeoutSecondsPath');
  });
});
