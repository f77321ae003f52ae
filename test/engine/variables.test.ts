import { describe, expect, it } from 'vitest';
import { machine, run } from './helpers.ts';

describe('workflow variables', () => {
  it('evaluates every Assign expression against the values the state was entered with', async () => {
    const def = machine({
      Init: { Type: 'Pass', Assign: { x: 3, a: 6 }, Next: 'Swap' },
      Swap: { Type: 'Pass', Assign: { x: '{% $a %}', nextX: '{% $x %}' }, Next: 'Read' },
      Read: { Type: 'Pass', Output: { x: '{% $x %}', nextX: '{% $nextX %}' }, End: true },
    });
    expect((await run(def)).output).toStrictEqual({ x: 6, nextX: 3 });
  });

  it('makes an assignment visible from the next state on, not in the same state’s Output', async () => {
    const def = machine({
      A: { Type: 'Pass', Assign: { v: 'new' }, Output: { seen: '{% $exists($v) %}' }, Next: 'B' },
      B: { Type: 'Pass', Output: { seen: '{% $states.input.seen %}', now: '{% $v %}' }, End: true },
    });
    expect((await run(def)).output).toStrictEqual({ seen: false, now: 'new' });
  });

  it('records assigned variables as JSON in the exited event', async () => {
    const result = await run(machine({ A: { Type: 'Pass', Assign: { n: 1, s: 'x' }, End: true } }));
    expect(result.events[2]?.stateExitedEventDetails).toMatchObject({
      assignedVariables: { n: '1', s: '"x"' },
      assignedVariablesDetails: { truncated: false },
    });
  });

  it('lets a Catch Assign set a variable for the states after it', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::nope',
        Catch: [
          {
            ErrorEquals: ['States.TaskFailed'],
            Next: 'After',
            Assign: { failedWith: '{% $states.errorOutput.Error %}' },
          },
        ],
        End: true,
      },
      After: { Type: 'Pass', Output: '{% $failedWith %}', End: true },
    });
    const result = await run(
      def,
      {},
      {
        integrations: {
          'arn:aws:states:::nope': async () => {
            throw Object.assign(new Error('x'), { name: 'Nope' });
          },
        },
      },
    );
    expect(result.output).toBe('Nope');
  });

  // https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html ("Variable size
  // limits"): "The maximum size of a single variable is 256KiB ... The maximum combined size for
  // all variables in a single Assign field is also 256KiB ... The total size of all stored
  // variables cannot exceed 10MiB per execution." The page names no error for going past them:
  // the engine reports States.DataLimitExceeded, AWS's error for its other size quotas, and the
  // causes are worded by us (no AWS recording of these failures is known).
  describe('size quotas', () => {
    const big = 'x'.repeat(250_000); // 250,002 bytes as JSON
    const chain = (count: number, name: (i: number) => string) =>
      machine(
        Object.fromEntries(
          Array.from({ length: count }, (_, i) => [
            `S${i}`,
            {
              Type: 'Pass',
              Assign: { [name(i)]: '{% $states.input.s %}' },
              ...(i === count - 1 ? { End: true } : { Next: `S${i + 1}` }),
            },
          ]),
        ),
      );

    it('fails a state assigning one variable over 256 KiB', async () => {
      const def = machine({
        P: { Type: 'Pass', Assign: { v: "{% $pad('', 262144, 'x') %}" }, End: true },
      });
      const result = await run(def);
      expect(result).toMatchObject({
        status: 'FAILED',
        error: 'States.DataLimitExceeded',
        cause:
          "An error occurred while executing the state 'P' (entered at the event id #2). The variable 'v' assigned by state 'P' has a size of 262146 bytes, exceeding the maximum number of bytes service limit (262144).",
      });
    });

    it('fails a state whose Assign totals over 256 KiB', async () => {
      const def = machine({
        P: {
          Type: 'Pass',
          Assign: { a: '{% $states.input.s %}', b: '{% $states.input.s %}' },
          End: true,
        },
      });
      const result = await run(def, { s: 'x'.repeat(200_000) });
      expect(result.error).toBe('States.DataLimitExceeded');
      expect(result.cause).toContain(
        "The variables assigned by state 'P' have a combined size of 400004 bytes",
      );
    });

    it('fails the state that takes the execution’s variables past 10 MiB', async () => {
      const result = await run(
        chain(42, (i) => `v${i}`),
        { s: big },
      );
      expect(result).toMatchObject({
        status: 'FAILED',
        error: 'States.DataLimitExceeded',
        cause:
          "An error occurred while executing the state 'S41' (entered at the event id #84). The variables stored by the execution would have a total size of 10500084 bytes after state 'S41', exceeding the maximum number of bytes service limit (10485760).",
      });
    });

    it('counts a reassigned variable once', async () => {
      const result = await run(
        chain(50, () => 'v'),
        { s: big },
      );
      expect(result.status).toBe('SUCCEEDED');
    });

    const bigItems = {
      Items: '{% $map([1..50], function() { $states.input.s }) %}',
      MaxConcurrency: 1,
      Output: {},
      End: true,
    };
    const assignBig = {
      StartAt: 'I',
      States: {
        I: { Type: 'Pass', Assign: { inner: '{% $states.input %}' }, Output: {}, End: true },
      },
    };

    it('gives back a Map iteration’s variables when it ends', async () => {
      const def = machine({ M: { Type: 'Map', ...bigItems, ItemProcessor: assignBig } });
      const result = await run(def, { s: big });
      expect(result.status).toBe('SUCCEEDED');
    });

    it('gives back a Parallel branch’s variables when it ends', async () => {
      const def = machine({
        M: {
          Type: 'Map',
          ...bigItems,
          ItemProcessor: {
            StartAt: 'P',
            States: { P: { Type: 'Parallel', Branches: [assignBig], Output: {}, End: true } },
          },
        },
      });
      const result = await run(def, { s: big });
      expect(result.status).toBe('SUCCEEDED');
    });
  });
});
