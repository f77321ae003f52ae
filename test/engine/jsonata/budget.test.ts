/**
 * A runaway JSONata expression ends the field with States.QueryEvaluationError instead of
 * exhausting the heap or spinning forever, and a spinning evaluation still lets the execution's
 * timeout and an abort through (RunOptions.expressionBudget; engine/jsonata/expression.ts).
 */
import { describe, expect, it } from 'vitest';
import { machine, run } from '../helpers.ts';

const pass = (output: string, extra: Record<string, unknown> = {}) =>
  machine({ P: { Type: 'Pass', Output: output, End: true } }, extra);

const recursive = '{% ( $f := function($x){ $f($x) + 1 }; $f(1) ) %}';
const spinning = '{% ( $f := function($x){ $f($x + 1) }; $f(1) ) %}';

describe('the evaluation budget', () => {
  it('fails a non-terminating recursion with States.QueryEvaluationError (U1001), process alive', async () => {
    const result = await run(pass(recursive), {}, { expressionBudget: { maxDepth: 2_000 } });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toContain('U1001: Stack overflow error');
  });

  it('fails an endless tail recursion with States.QueryEvaluationError (U1002) once its time is up', async () => {
    const result = await run(pass(spinning), {}, { expressionBudget: { maxMs: 200 } });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toContain('U1002: Expression evaluation timeout');
  });

  it('lets an abort stop an execution whose expression spins', async () => {
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const result = await run(
      pass(spinning),
      {},
      {
        signal: controller.signal,
        expressionBudget: { maxMs: 60_000 },
      },
    );
    expect(result.status).toBe('ABORTED');
  });

  it('leaves ordinary deep-but-finite expressions alone', async () => {
    const result = await run(pass('{% $reduce([1..5000], function($a, $b){ $a + $b }, 0) %}'));
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toBe(12_502_500);
  });
});
