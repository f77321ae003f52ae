import { describe, expect, it } from 'vitest';
import { eventsOf, machine, run } from '../helpers.ts';
import {
  childArn,
  childExecutionArn,
  doubler,
  parentOf,
  runNested,
  startExecution,
} from './nested.ts';

const apiCause = (message: string, code: string) =>
  new RegExp(
    `^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(Service: AWSStepFunctions; Status Code: 400; Error Code: ${code}; Request ID: [0-9a-f-]{36}; Proxy: null\\)$`,
  );

/** Two branches starting the child at once with the given Arguments each. */
function twoStarts(first: Record<string, unknown>, second: Record<string, unknown>) {
  const branch = (args: Record<string, unknown>) => ({
    StartAt: 'Start',
    States: {
      Start: {
        Type: 'Task',
        Resource: `${startExecution}.sync:2`,
        Arguments: { StateMachineArn: childArn, ...args },
        Output: '{% $states.result.ExecutionArn %}',
        End: true,
      },
    },
  });
  return machine({
    Both: { Type: 'Parallel', Branches: [branch(first), branch(second)], End: true },
  });
}

describe('StartExecution errors', () => {
  it('fails with StepFunctions.StateMachineDoesNotExistException for an ARN the run was not given', async () => {
    const other = 'arn:aws:states:us-east-1:123456789012:stateMachine:Nowhere';

    const result = await runNested(parentOf('.sync', { StateMachineArn: other }), doubler());

    expect(result.error).toBe('StepFunctions.StateMachineDoesNotExistException');
    expect(result.cause).toMatch(
      apiCause(`State Machine Does Not Exist: '${other}'`, 'StateMachineDoesNotExist'),
    );
    const failed = eventsOf(result, 'TaskFailed')[0]?.taskFailedEventDetails;
    expect(failed?.resource).toBe('startExecution.sync');
    expect(result.childExecutions).toBeUndefined();
  });

  it('fails with StepFunctions.InvalidArnException for something that is no state machine ARN', async () => {
    const result = await runNested(parentOf('', { StateMachineArn: 'Child' }), doubler());

    expect(result.error).toBe('StepFunctions.InvalidArnException');
    expect(result.cause).toMatch(apiCause("Invalid Arn: 'Child'", 'InvalidArn'));
  });

  it.each(['has space', 'a/b', 'x:y', 'brace{', 'star*', 'tab\tname'])(
    'fails with StepFunctions.InvalidNameException for the name %j',
    async (name) => {
      const result = await runNested(parentOf('', { Name: name }), doubler());

      expect(result.error).toBe('StepFunctions.InvalidNameException');
      expect(result.cause).toMatch(apiCause(`Invalid Name: '${name}'`, 'InvalidName'));
    },
  );

  it('fails with StepFunctions.ValidationException for a name over 80 characters', async () => {
    const name = 'n'.repeat(81);

    const result = await runNested(parentOf('', { Name: name }), doubler());

    expect(result.error).toBe('StepFunctions.ValidationException');
    expect(result.cause).toContain('Member must have length less than or equal to 80');
  });

  it('accepts an 80-character name of letters, digits, - and _', async () => {
    const name = `${'a-Z_9'.repeat(16)}`;

    const result = await runNested(parentOf('.sync', { Name: name }), doubler());

    expect(result.status).toBe('SUCCEEDED');
    expect(result.childExecutions?.[0]?.executionArn).toBe(childExecutionArn(name));
  });

  it('fails with StepFunctions.InvalidExecutionInputException for an Input string that is not JSON', async () => {
    const result = await runNested(parentOf('', { Input: '{not json' }), doubler());

    expect(result.error).toBe('StepFunctions.InvalidExecutionInputException');
  });

  it('fails with States.Runtime, naming the problems, when the given child definition is invalid', async () => {
    const broken = { StartAt: 'Missing', States: {} };

    const result = await runNested(parentOf(''), broken);

    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain(`The state machine '${childArn}' in options.stateMachines`);
  });

  it('takes the definition as JSON text, and the name given with it', async () => {
    const otherName = { definition: JSON.stringify(doubler()), name: 'Renamed' };

    const result = await run(
      parentOf('.sync:2'),
      { n: 1 },
      {
        stateMachines: { [childArn]: otherName },
      },
    );

    const output = result.output as { ExecutionArn: string; Output: { machine: string } };
    expect(output.ExecutionArn).toBe(
      'arn:aws:states:us-east-1:123456789012:execution:Renamed:child-1',
    );
    expect(output.Output.machine).toBe('Renamed');
  });
});

describe('StartExecution names and idempotency', () => {
  it('fails with StepFunctions.ExecutionAlreadyExistsException for a running name with another input', async () => {
    const parent = twoStarts({ Name: 'same', Input: { n: 1 } }, { Name: 'same', Input: { n: 2 } });

    const result = await runNested(parent, doubler());

    expect(result.error).toBe('StepFunctions.ExecutionAlreadyExistsException');
    expect(result.cause).toMatch(
      apiCause(
        `Execution Already Exists: '${childExecutionArn('same')}'`,
        'ExecutionAlreadyExists',
      ),
    );
  });

  it('returns the running execution for the same name and input (StartExecution is idempotent)', async () => {
    const parent = twoStarts({ Name: 'same', Input: { n: 1 } }, { Name: 'same', Input: { n: 1 } });

    const result = await runNested(parent, doubler());

    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual([childExecutionArn('same'), childExecutionArn('same')]);
    expect(result.childExecutions).toHaveLength(1);
  });

  it('refuses a name whose execution has ended, even with the same input', async () => {
    const task = (next: Record<string, unknown>) => ({
      Type: 'Task',
      Resource: `${startExecution}.sync`,
      Arguments: { StateMachineArn: childArn, Name: 'once', Input: { n: 1 } },
      ...next,
    });
    const parent = machine({ First: task({ Next: 'Again' }), Again: task({ End: true }) });

    const result = await runNested(parent, doubler());

    expect(result.error).toBe('StepFunctions.ExecutionAlreadyExistsException');
    expect(result.childExecutions).toHaveLength(1);
  });

  it('lets two state machines use the same execution name', async () => {
    const otherArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Other';
    const parent = twoStarts(
      { Name: 'same', Input: { n: 1 } },
      { Name: 'same', Input: { n: 2 }, StateMachineArn: otherArn },
    );

    const result = await run(
      parent,
      {},
      {
        stateMachines: {
          [childArn]: { definition: doubler() },
          [otherArn]: { definition: doubler() },
        },
      },
    );

    expect(result.output).toStrictEqual([
      childExecutionArn('same'),
      'arn:aws:states:us-east-1:123456789012:execution:Other:same',
    ]);
  });
});
