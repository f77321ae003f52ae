import { describe, expect, it } from 'vitest';
import { machine, run, types } from '../helpers.ts';

describe('Fail state', () => {
  it('fails the execution with its Error and Cause', async () => {
    const result = await run(machine({ F: { Type: 'Fail', Error: 'Boom', Cause: 'it broke' } }));
    expect(result).toMatchObject({ status: 'FAILED', error: 'Boom', cause: 'it broke' });
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
    expect(result.events.at(-1)?.executionFailedEventDetails).toStrictEqual({
      error: 'Boom',
      cause: 'it broke',
    });
  });

  it('evaluates Error and Cause expressions against the input', async () => {
    const def = machine({
      F: { Type: 'Fail', Error: '{% $states.input.e %}', Cause: "{% 'bad ' & $states.input.n %}" },
    });
    const result = await run(def, { e: 'Custom', n: 3 });
    expect(result).toMatchObject({ error: 'Custom', cause: 'bad 3' });
  });

  it('reports no error and no cause when it has neither, as AWS does', async () => {
    const result = await run(machine({ F: { Type: 'Fail' } }));
    expect(result.status).toBe('FAILED');
    expect(result).not.toHaveProperty('error');
    expect(result).not.toHaveProperty('cause');
  });

  it('fails with States.QueryEvaluationError when Error evaluates to a non-string', async () => {
    const result = await run(machine({ F: { Type: 'Fail', Error: '{% 42 %}' } }));
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toContain("Expected 'string', but was 'number' for value: 42");
  });
});
