import { describe, expect, it } from 'vitest';
import type { ExecutionRef, HistoryEvent } from '../../../engine/index.ts';
import { machine, run, types } from '../helpers.ts';
import {
  childArn,
  childExecutionArn,
  doubler,
  parentOf,
  runNested,
  startExecution,
} from './nested.ts';

/** A signal aborted as soon as the child execution enters its Wait state. */
function stopWhenChildWaits(controller: AbortController) {
  return (event: HistoryEvent, execution: ExecutionRef) => {
    if (execution.parentExecutionArn !== undefined && event.type === 'WaitStateEntered') {
      controller.abort();
    }
  };
}

describe('stopping a parent', () => {
  it('stops the child of a .sync task (Step Functions calls StopExecution on it)', async () => {
    const controller = new AbortController();

    const result = await runNested(parentOf('.sync'), doubler(3600), undefined, {
      signal: controller.signal,
      onExecutionEvent: stopWhenChildWaits(controller),
    });

    expect(result.status).toBe('ABORTED');
    expect(types(result).slice(-2)).toStrictEqual(['TaskStateAborted', 'ExecutionAborted']);
    const child = result.childExecutions?.[0];
    expect(child?.status).toBe('ABORTED');
    expect(types(child as never).slice(-2)).toStrictEqual(['WaitStateAborted', 'ExecutionAborted']);
    expect(child?.stopDate.getTime()).toBe(child?.startDate.getTime());
  });

  it('stops the child of a .sync:2 task whose TimeoutSeconds runs out', async () => {
    const parent = parentOf('.sync:2', {}, { TimeoutSeconds: 10 });

    const result = await runNested(parent, doubler(3600));

    expect(result.error).toBe('States.Timeout');
    expect(result.childExecutions?.[0]?.status).toBe('ABORTED');
  });

  it('stops the child of a .sync task when the parent execution times out', async () => {
    const parent = { ...parentOf('.sync'), TimeoutSeconds: 30 };

    const result = await runNested(parent, doubler(3600));

    expect(result.status).toBe('TIMED_OUT');
    const child = result.childExecutions?.[0];
    expect(child?.status).toBe('ABORTED');
    expect(child?.stopDate.toISOString()).toBe('2024-05-01T10:00:30.000Z');
  });

  it('leaves the child of a request-response start running, and waits for it', async () => {
    const controller = new AbortController();
    const parent = machine({
      Start: {
        Type: 'Task',
        Resource: startExecution,
        Arguments: { StateMachineArn: childArn, Input: { n: 2 }, Name: 'child-1' },
        Next: 'Hold',
      },
      Hold: { Type: 'Wait', Seconds: 3600, End: true },
    });

    const result = await runNested(parent, doubler(60), undefined, {
      signal: controller.signal,
      onExecutionEvent: stopWhenChildWaits(controller),
    });

    expect(result.status).toBe('ABORTED');
    const child = result.childExecutions?.[0];
    expect(child?.status).toBe('SUCCEEDED');
    expect(child?.output).toMatchObject({ doubled: 4 });
  });

  it('stops every execution of the run on shutdownSignal', async () => {
    const controller = new AbortController();
    const parent = machine({
      Start: {
        Type: 'Task',
        Resource: startExecution,
        Arguments: { StateMachineArn: childArn, Input: { n: 2 } },
        Next: 'Hold',
      },
      Hold: { Type: 'Wait', Seconds: 3600, End: true },
    });

    const result = await runNested(parent, doubler(60), undefined, {
      shutdownSignal: controller.signal,
      onExecutionEvent: stopWhenChildWaits(controller),
    });

    expect(result.status).toBe('ABORTED');
    expect(result.childExecutions?.[0]?.status).toBe('ABORTED');
  });
});

describe('child executions', () => {
  it('have their own history, numbered from 1, and their own Context object', async () => {
    const result = await runNested(parentOf('.sync:2'), doubler());

    const child = result.childExecutions?.[0];
    expect(child).toMatchObject({
      executionArn: childExecutionArn('child-1'),
      name: 'child-1',
      stateMachineArn: childArn,
      parentExecutionArn: result.executionArn,
      input: { n: 2 },
      status: 'SUCCEEDED',
      billableTransitions: 2,
    });
    expect(types(child as never)).toStrictEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(child?.events.map((e) => e.id)).toStrictEqual([1, 2, 3, 4, 5, 6]);
    expect(child?.output).toStrictEqual({
      doubled: 4,
      id: childExecutionArn('child-1'),
      name: 'child-1',
      machine: 'Child',
    });
    expect(result.billableTransitions).toBe(1);
  });

  it('run on the run clock: a child Wait moves the parent clock with it', async () => {
    const result = await runNested(parentOf('.sync'), doubler(90));

    const last = result.events.at(-1)?.timestamp as Date;
    expect(last.toISOString()).toBe('2024-05-01T10:01:30.000Z');
  });

  it('nest: a child starts a grandchild, each listed with who started it', async () => {
    const grandchildArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Grandchild';
    const child = machine({
      Deeper: {
        Type: 'Task',
        Resource: `${startExecution}.sync:2`,
        Arguments: { StateMachineArn: grandchildArn, Input: '{% $states.input %}', Name: 'gc' },
        Output: '{% $states.result.Output %}',
        End: true,
      },
    });

    const result = await run(
      parentOf('.sync:2'),
      { n: 5 },
      {
        stateMachines: {
          [childArn]: { definition: child },
          [grandchildArn]: { definition: doubler() },
        },
      },
    );

    expect(result.status).toBe('SUCCEEDED');
    expect((result.output as { Output: { doubled: number } }).Output.doubled).toBe(10);
    const [first, second] = result.childExecutions ?? [];
    expect(first?.executionArn).toBe(childExecutionArn('child-1'));
    expect(first?.parentExecutionArn).toBe(result.executionArn);
    expect(second?.executionArn).toBe(
      'arn:aws:states:us-east-1:123456789012:execution:Grandchild:gc',
    );
    expect(second?.parentExecutionArn).toBe(first?.executionArn);
  });

  it('are told apart in onExecutionEvent, while onEvent gets the run own events only', async () => {
    const seen: string[] = [];
    const own: string[] = [];

    const result = await runNested(parentOf('.sync'), doubler(), undefined, {
      onEvent: (event) => own.push(event.type as string),
      onExecutionEvent: (event, execution) => seen.push(`${execution.name}:${event.type}`),
    });

    expect(own).toStrictEqual(types(result));
    expect(seen.filter((s) => s.startsWith('child-1:'))).toStrictEqual(
      types(result.childExecutions?.[0] as never).map((t) => `child-1:${t}`),
    );
    expect(seen.filter((s) => s.startsWith('test-execution:'))).toStrictEqual(
      types(result).map((t) => `test-execution:${t}`),
    );
    expect(seen.indexOf('child-1:ExecutionStarted')).toBeGreaterThan(
      seen.indexOf('test-execution:TaskSubmitted'),
    );
  });

  it('are absent from the result of a run that starts none', async () => {
    const result = await run(machine({ P: { Type: 'Pass', End: true } }));

    expect(result).not.toHaveProperty('childExecutions');
  });
});
