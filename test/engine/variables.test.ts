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
});
