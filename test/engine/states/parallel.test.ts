import { describe, expect, it } from 'vitest';
import { lambdaInvoke, machine, run, types } from '../helpers.ts';

describe('Parallel state', () => {
  it('outputs the branches’ outputs in branch order', async () => {
    const def = machine({
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Pass', Output: 'a', End: true } } },
          {
            StartAt: 'B',
            States: {
              B: { Type: 'Wait', Seconds: 5, Next: 'B2' },
              B2: { Type: 'Pass', Output: 'b', End: true },
            },
          },
        ],
        End: true,
      },
    });
    const result = await run(def);
    expect(result.output).toStrictEqual(['a', 'b']);
    const events = types(result);
    expect(events.slice(0, 3)).toStrictEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
    ]);
    // Branch events interleave (as on AWS): compare them as a multiset.
    expect(events.slice(3, -3).sort()).toStrictEqual(
      [
        'PassStateEntered',
        'PassStateExited',
        'WaitStateEntered',
        'WaitStateExited',
        'PassStateEntered',
        'PassStateExited',
      ].sort(),
    );
    expect(events.slice(-3)).toStrictEqual([
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('gives every branch the Arguments as input', async () => {
    const def = machine({
      P: {
        Type: 'Parallel',
        Arguments: { n: '{% $states.input.x * 10 %}' },
        Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }],
        Output: '{% $states.result[0].n %}',
        End: true,
      },
    });
    expect((await run(def, { x: 4 })).output).toBe(40);
  });

  it('fails with the failing branch’s error and aborts the branches still running', async () => {
    const def = machine({
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 100, End: true } } },
          {
            StartAt: 'Boom',
            States: { Boom: { Type: 'Fail', Error: 'BranchBroke', Cause: 'no' } },
          },
        ],
        End: true,
      },
    });
    const result = await run(def);
    expect(result).toMatchObject({ status: 'FAILED', error: 'BranchBroke', cause: 'no' });
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'WaitStateEntered',
      'FailStateEntered',
      'WaitStateAborted',
      'ParallelStateFailed',
      'ExecutionFailed',
    ]);
  });

  it('lets its Catch handle a branch failure', async () => {
    const def = machine({
      P: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'BranchBroke' } } }],
        Catch: [{ ErrorEquals: ['BranchBroke'], Next: 'Handled' }],
        End: true,
      },
      Handled: { Type: 'Pass', End: true },
    });
    const result = await run(def);
    expect(result.output).toStrictEqual({ Error: 'BranchBroke' });
    expect(types(result)).toContain('ParallelStateExited');
  });

  it('lets branches read outer variables but keeps their own assignments to themselves', async () => {
    const def = machine({
      Set: { Type: 'Pass', Assign: { outer: 1 }, Next: 'P' },
      P: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'A',
            States: {
              A: { Type: 'Pass', Assign: { inner: '{% $outer + 1 %}' }, Next: 'B' },
              B: {
                Type: 'Pass',
                Output: { outer: '{% $outer %}', inner: '{% $inner %}' },
                End: true,
              },
            },
          },
        ],
        Next: 'After',
      },
      After: {
        Type: 'Pass',
        Output: { branch: '{% $states.input[0] %}', innerVisible: '{% $exists($inner) %}' },
        End: true,
      },
    });
    const result = await run(def);
    expect(result.output).toStrictEqual({ branch: { outer: 1, inner: 2 }, innerVisible: false });
  });

  it('retries the whole state on a matching error', async () => {
    let calls = 0;
    const def = machine({
      P: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'T',
            States: {
              T: {
                Type: 'Task',
                Resource: lambdaInvoke,
                Arguments: { FunctionName: 'f' },
                Output: '{% $states.result.Payload %}',
                End: true,
              },
            },
          },
        ],
        Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 2 }],
        End: true,
      },
    });
    const result = await run(
      def,
      {},
      {
        lambdaHandlers: {
          f: async () => {
            calls++;
            if (calls === 1) throw Object.assign(new Error('first'), { name: 'Flaky' });
            return calls;
          },
        },
      },
    );
    expect(result.output).toStrictEqual([2]);
  });
});
