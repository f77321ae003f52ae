import { describe, expect, it, vi } from 'vitest';
import { type HistoryEvent, IntegrationError, runExecution } from '../../engine/index.ts';
import { eventsOf, lambdaInvoke, machine, run, startOfTest, types } from './helpers.ts';

describe('runExecution: definitions and input', () => {
  it('returns FAILED InvalidDefinition listing every problem, without events, for an invalid definition', async () => {
    const def = machine({ A: { Type: 'Pass', Next: 'Nowhere' }, B: { Type: 'Teleport' } });
    const result = await run(def);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('InvalidDefinition');
    expect(result.cause).toContain(
      "/States/A/Next: MISSING_TRANSITION_TARGET: no state named 'Nowhere'",
    );
    expect(result.cause).toContain('/States/B/Type: must be one of');
    expect(result.events).toStrictEqual([]);
  });

  it.each([null, 'text', 42, []])(
    'never throws for a definition that is not an object (%j)',
    async (def) => {
      const result = await run(def);
      expect(result).toMatchObject({ status: 'FAILED', error: 'InvalidDefinition' });
    },
  );

  it('fails with States.DataLimitExceeded, without events, for an input over 256 KiB', async () => {
    const result = await run(machine({ P: { Type: 'Pass', End: true } }), {
      big: 'x'.repeat(270_000),
    });
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      events: [],
    });
  });

  // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html: name
  // "Length Constraints: Minimum length of 1. Maximum length of 80", and must not contain white
  // space, brackets, wildcards, special characters (" # % \\ ^ | ~ ` $ & , ; : /) or control
  // characters; the API answers InvalidName ("The provided name is not valid").
  it.each(['has space', 'a/b', 'a:b', 'q?', 'x{1}', 'tab\there', 'ctl\u0085', 'pct%'])(
    'fails with InvalidName, without events, for the execution name %j',
    async (name) => {
      const result = await run(
        machine({ P: { Type: 'Pass', End: true } }),
        {},
        {
          executionName: name,
        },
      );
      expect(result).toMatchObject({
        status: 'FAILED',
        error: 'InvalidName',
        cause: `Invalid Name: '${name}'`,
        events: [],
      });
    },
  );

  it.each([
    ['', 'greater than or equal to 1'],
    ['x'.repeat(81), 'less than or equal to 80'],
  ])('fails with ValidationException for an execution name of length %#', async (name, bound) => {
    const result = await run(
      machine({ P: { Type: 'Pass', End: true } }),
      {},
      {
        executionName: name,
      },
    );
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'ValidationException',
      cause: `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length ${bound}`,
      events: [],
    });
  });

  it('runs with an 80-character execution name of letters, digits, - and _', async () => {
    const name = `${'a-_1'.repeat(20)}`;
    const result = await run(
      machine({ P: { Type: 'Pass', End: true } }),
      {},
      {
        executionName: name,
      },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.executionArn.endsWith(`:${name}`)).toBe(true);
  });

  it('starts with {} when no input is given', async () => {
    const result = await runExecution(machine({ P: { Type: 'Pass', End: true } }), undefined, {
      timeScale: 0,
    });
    expect(result.output).toStrictEqual({});
  });

  it('records the input and role in ExecutionStarted and the output in ExecutionSucceeded', async () => {
    const result = await run(
      machine({ P: { Type: 'Pass', End: true } }),
      { a: 1 },
      { roleArn: 'arn:aws:iam::999:role/r' },
    );
    expect(result.events[0]?.executionStartedEventDetails).toStrictEqual({
      input: '{"a":1}',
      inputDetails: { truncated: false },
      roleArn: 'arn:aws:iam::999:role/r',
    });
    expect(result.events.at(-1)?.executionSucceededEventDetails).toStrictEqual({
      output: '{"a":1}',
      outputDetails: { truncated: false },
    });
  });
});

describe('runExecution: the context object', () => {
  it('exposes Execution, State and StateMachine fields', async () => {
    const def = machine({ Ctx: { Type: 'Pass', Output: '{% $states.context %}', End: true } });
    const result = await run(def, { a: 1 }, { executionName: 'exec-1', stateMachineName: 'sm' });
    expect(result.output).toStrictEqual({
      Execution: {
        Id: 'arn:aws:states:us-east-1:123456789012:execution:sm:exec-1',
        Input: { a: 1 },
        Name: 'exec-1',
        RoleArn: 'arn:aws:iam::123456789012:role/local-execution-role',
        StartTime: '2024-05-01T10:00:00Z',
        RedriveCount: 0,
      },
      State: { EnteredTime: '2024-05-01T10:00:00Z', Name: 'Ctx', RetryCount: 0 },
      StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm', Name: 'sm' },
    });
    expect(result.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:sm:exec-1');
  });

  it('answers $now() and $millis() from the engine clock', async () => {
    const def = machine({
      W: { Type: 'Wait', Seconds: 90, Next: 'P' },
      P: { Type: 'Pass', Output: ['{% $now() %}', '{% $millis() %}'], End: true },
    });
    const result = await run(def);
    expect(result.output).toStrictEqual([
      '2024-05-01T10:01:30.000Z',
      startOfTest.getTime() + 90_000,
    ]);
  });
});

describe('runExecution: query languages', () => {
  it('runs a state that sets QueryLanguage JSONata in a JSONPath state machine', async () => {
    const result = await run(
      {
        StartAt: 'J',
        States: {
          J: {
            Type: 'Pass',
            QueryLanguage: 'JSONata',
            Output: '{% $states.input.n * 2 %}',
            End: true,
          },
        },
      },
      { n: 21 },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toBe(42);
  });

  it('lets a JSONata state read a variable a JSONPath state assigned', async () => {
    const result = await run({
      StartAt: 'Path',
      States: {
        Path: { Type: 'Pass', Assign: { limit: 5, label: 'x' }, Next: 'Ata' },
        Ata: {
          Type: 'Pass',
          QueryLanguage: 'JSONata',
          Assign: { limit: 6, previous: '{% $limit %}' },
          Next: 'Read',
        },
        Read: {
          Type: 'Pass',
          QueryLanguage: 'JSONata',
          Output: { label: '{% $label %}', limit: '{% $limit %}', previous: '{% $previous %}' },
          End: true,
        },
      },
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ label: 'x', limit: 6, previous: 5 });
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });
});

describe('runExecution: events and billing', () => {
  it('streams every event through onEvent as it is appended', async () => {
    const streamed: HistoryEvent[] = [];
    const result = await run(
      machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } }),
      {},
      {
        onEvent: (e) => streamed.push(e),
      },
    );
    expect(streamed).toStrictEqual(result.events);
    expect(streamed).toHaveLength(6);
  });

  it('bills one transition per state entered, including states inside an inline Map', async () => {
    const def = machine({
      M: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'A',
          States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } },
        },
        Next: 'Z',
      },
      Z: { Type: 'Pass', End: true },
    });
    const result = await run(def, [1, 2, 3]);
    expect(result.billableTransitions).toBe(1 + 3 * 2 + 1);
  });

  it('fails with States.Runtime once the history reaches 25,000 events', async () => {
    const def = machine({
      M: {
        Type: 'Map',
        MaxConcurrency: 1,
        ItemProcessor: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    const result = await run(
      def,
      Array.from({ length: 7000 }, (_, i) => i),
    );
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain('maximum number of events in its history (25,000)');
    expect(result.events).toHaveLength(25_000);
  });
});

describe('runExecution: timeouts and stopping', () => {
  it('times out with States.Timeout when TimeoutSeconds passes, aborting the running state', async () => {
    const def = machine({ W: { Type: 'Wait', Seconds: 600, End: true } }, { TimeoutSeconds: 60 });
    const result = await run(def);
    expect(result.status).toBe('TIMED_OUT');
    expect(result.error).toBe('States.Timeout');
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateAborted',
      'ExecutionTimedOut',
    ]);
    expect(result.events.at(-1)?.timestamp?.toISOString()).toBe('2024-05-01T10:01:00.000Z');
  });

  // https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html: "Maximum execution
  // time: 1 year. If an execution runs for more than the 1-year maximum, it will fail with a
  // States.Timeout error". The page says "fail" but names the timeout error; the engine ends it
  // as a TimeoutSeconds timeout (TIMED_OUT, ExecutionTimedOut). "1 year" is taken as 31,622,400
  // seconds (366 days), AWS's number for its other one-year maxima (MaxDelaySeconds < 31622401).
  it.each([
    ['no TimeoutSeconds', {}],
    ['TimeoutSeconds 99999999', { TimeoutSeconds: 99_999_999 }],
  ])('times out a Standard execution after one year with %s', async (_, extra) => {
    const def = machine({ W: { Type: 'Wait', Seconds: 99_999_999, End: true } }, extra);
    const result = await run(def);
    expect(result).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateAborted',
      'ExecutionTimedOut',
    ]);
    expect(result.events.at(-1)?.timestamp?.getTime()).toBe(startOfTest.getTime() + 31_622_400_000);
  });

  it('lets an execution run for just under a year', async () => {
    const def = machine({ W: { Type: 'Wait', Seconds: 31_622_399, End: true } });
    const result = await run(def);
    expect(result.status).toBe('SUCCEEDED');
  });

  it('does not run Catch when the execution times out', async () => {
    const def = machine(
      {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::slow',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
      { TimeoutSeconds: 5 },
    );
    const result = await run(
      def,
      {},
      { integrations: { 'arn:aws:states:::slow': (_a, ctx) => ctx.sleep(60_000) } },
    );
    expect(result.status).toBe('TIMED_OUT');
    expect(types(result)).not.toContain('PassStateEntered');
  });

  it('stops with ABORTED on the signal, aborts the running task’s signal and runs no Catch', async () => {
    const controller = new AbortController();
    let taskSignal: AbortSignal | undefined;
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::hang',
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    });
    const pending = run(
      def,
      {},
      {
        signal: controller.signal,
        integrations: {
          'arn:aws:states:::hang': (_args, ctx) => {
            taskSignal = ctx.signal;
            setImmediate(() => controller.abort());
            return new Promise(() => undefined);
          },
        },
      },
    );
    const result = await pending;
    expect(result.status).toBe('ABORTED');
    expect(taskSignal?.aborted).toBe(true);
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskStateAborted',
      'ExecutionAborted',
    ]);
  });

  it('reports the error and cause of an IntegrationError given as the abort reason', async () => {
    const controller = new AbortController();
    controller.abort(new IntegrationError('UserStop', 'operator stopped it'));
    const result = await run(
      machine({ W: { Type: 'Wait', Seconds: 10, End: true } }),
      {},
      { signal: controller.signal },
    );
    expect(result).toMatchObject({
      status: 'ABORTED',
      error: 'UserStop',
      cause: 'operator stopped it',
    });
  });

  it('cuts a task whose handler sleeps past TimeoutSeconds, aborting its signal', async () => {
    let signal: AbortSignal | undefined;
    const def = machine({
      T: { Type: 'Task', Resource: 'arn:aws:states:::slow', TimeoutSeconds: 30, End: true },
    });
    const result = await run(
      def,
      {},
      {
        integrations: {
          'arn:aws:states:::slow': async (_args, ctx) => {
            signal = ctx.signal;
            await ctx.sleep(3_600_000);
            return 'finished';
          },
        },
      },
    );
    expect(result.error).toBe('States.Timeout');
    expect(signal?.aborted).toBe(true);
    expect(eventsOf(result, 'TaskTimedOut')[0]?.taskTimedOutEventDetails).toMatchObject({
      error: 'States.Timeout',
    });
    // The deadline counts the handler's real time too; the clock is then brought to the 30 s instant.
    const cutAt = eventsOf(result, 'TaskTimedOut')[0]?.timestamp?.getTime() ?? 0;
    expect(cutAt - startOfTest.getTime()).toBeGreaterThan(29_000);
    expect(cutAt - startOfTest.getTime()).toBeLessThanOrEqual(30_000);
  });

  it('cuts a hung Lambda handler after TimeoutSeconds of real time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const def = machine({
        T: {
          Type: 'Task',
          Resource: lambdaInvoke,
          Arguments: { FunctionName: 'hang' },
          TimeoutSeconds: 5,
          End: true,
        },
      });
      const pending = run(
        def,
        {},
        { lambdaHandlers: { hang: () => new Promise(() => undefined) } },
      );
      await vi.advanceTimersByTimeAsync(5_000);
      const result = await pending;
      expect(result.error).toBe('States.Timeout');
      expect(types(result)).toContain('TaskTimedOut');
    } finally {
      vi.useRealTimers();
    }
  });

  // The task fails "if the state runs longer than the specified timeout"
  // (https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html): under a fixed clock
  // and timeScale 0 no sleep moves workflow time, yet the task ran its 5 s of real time.
  it('records a hung handler’s TaskTimedOut at its timeout instant on the engine clock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const def = machine({
        T: { Type: 'Task', Resource: 'arn:aws:states:::hang', TimeoutSeconds: 5, End: true },
      });
      const pending = run(
        def,
        {},
        { integrations: { 'arn:aws:states:::hang': () => new Promise(() => undefined) } },
      );
      await vi.advanceTimersByTimeAsync(5_000);
      const result = await pending;
      const at = (type: string) =>
        (eventsOf(result, type)[0]?.timestamp?.getTime() ?? 0) - startOfTest.getTime();
      expect(at('TaskTimedOut')).toBe(5_000);
      expect(at('ExecutionFailed')).toBe(5_000);
    } finally {
      vi.useRealTimers();
    }
  });
});
