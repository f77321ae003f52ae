/**
 * Start an execution, or find its twin: the default name is derived from the input, so an
 * execution with the same name is the same run. A running twin is followed; a finished one is
 * reported instead of starting anything.
 */
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';

export type Started = {
  executionArn: string;
  /** Set when the execution existed before this call. */
  attached?: 'running' | 'finished';
  description?: DescribeExecutionOutput;
};

/** `arn:...:stateMachine:sm[:version]` + name -> `arn:...:execution:sm:name`. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  const [prefix, machine] = stateMachineArn.split(':stateMachine:');
  return `${prefix}:execution:${(machine ?? '').split(':')[0]}:${name}`;
}

export async function startOrAttach(
  sfn: SFNClient,
  request: { stateMachineArn: string; name: string; input: string },
): Promise<Started> {
  const executionArn = executionArnFor(request.stateMachineArn, request.name);
  // Describe first: StartExecution with the same name and input as a RUNNING execution succeeds
  // without saying it did nothing, so it cannot tell us that we attached.
  const existing = await describeIfExists(sfn, executionArn);
  if (existing) return twin(existing);
  try {
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: request.stateMachineArn,
        name: request.name,
        input: request.input,
      }),
    );
    return { executionArn: started.executionArn ?? executionArn };
  } catch (error) {
    // Lost a race with another starter, or the twin ran with another input (a reused --name).
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
    const arn =
      /arn:[^'"\s]+:execution:[^'"\s]+/.exec((error as Error).message)?.[0] ?? executionArn;
    const description = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    return twin(description);
  }
}

function twin(description: DescribeExecutionOutput): Started {
  return {
    executionArn: description.executionArn as string,
    attached: description.status === 'RUNNING' ? 'running' : 'finished',
    description,
  };
}

async function describeIfExists(
  sfn: SFNClient,
  executionArn: string,
): Promise<DescribeExecutionOutput | undefined> {
  try {
    return await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
    throw error;
  }
}
