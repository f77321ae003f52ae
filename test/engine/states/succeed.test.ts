import { describe, expect, it } from 'vitest';
import { machine, run, types } from '../helpers.ts';

describe('Succeed state', () => {
  it('ends the execution successfully with its Output', async () => {
    const def = machine({ S: { Type: 'Succeed', Output: { done: '{% $states.input.n %}' } } });
    const result = await run(def, { n: 5 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ done: 5 });
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('ends only its own Map iteration when used inside one', async () => {
    const def = machine({
      M: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'S', States: { S: { Type: 'Succeed' } } },
        Next: 'After',
      },
      After: { Type: 'Pass', Output: '{% $count($states.input) %}', End: true },
    });
    const result = await run(def, [1, 2]);
    expect(result.output).toBe(2);
  });
});
