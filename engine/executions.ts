/**
 * The executions of one run: its own and the child executions its `states:startExecution*` tasks
 * start, at any depth. This is StartExecution in process: it finds the state machine among
 * `RunOptions.stateMachines`, checks the name, applies the API's idempotency rule, and runs the
 * child on this engine (same clock, handlers, integrations) as its own execution, with its own
 * ARN, history, token and billing. `runExecution` waits for every child before it resolves.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
import type {
  ChildExecutionResult,
  EvaluationBudget,
  ExecutionRef,
  HistoryEvent,
  JsonValue,
  StateMachineSource,
} from './api.ts';
import { Cancel } from './cancel.ts';
import { ExecutionAbortedError, StatesRuntimeError } from './errors.ts';
import { execute } from './execute.ts';
import type {
  ChildExecutions,
  Execution,
  RunContext,
  StartedExecution,
  StartRequest,
} from './execution.ts';
import { History } from './history.ts';
import { SfnApiError } from './sfn-api-error.ts';
import { prepareDefinition } from './validate.ts';

export type RunExecutionsSetup = {
  stateMachines: Readonly<Record<string, StateMachineSource>>;
  substitutions: Readonly<Record<string, string>> | undefined;
  expressionBudget: EvaluationBudget | undefined;
  onExecutionEvent: ((event: HistoryEvent, execution: ExecutionRef) => void) | undefined;
};

/**
 * A character StartExecution refuses in a name: white space, brackets, wildcards, special and
 * control characters, surrogates and non-characters (the API reference's `name` rules).
 */
const invalidName =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;

/** StartExecution's `name`: 1 to 80 characters, none of the characters AWS refuses. */
export function checkExecutionName(name: string): void {
  if (name.length < 1 || name.length > 80) {
    const bound = name.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 80';
    throw new SfnApiError(
      'ValidationException',
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  if (invalidName.test(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
}

type Known = {
  readonly inputText: string;
  running: boolean;
  /** Absent for the run's own execution. */
  readonly started?: StartedExecution;
};

export class RunExecutions implements ChildExecutions {
  /** Execution ARN -> what StartExecution's idempotency rule needs. */
  private readonly known = new Map<string, Known>();
  /** State machine ARN -> the run context its executions share. */
  private readonly machines = new Map<string, RunContext>();
  private readonly children: StartedExecution[] = [];
  private readonly running = new Set<Cancel>();
  /** Set once the run shuts down: children started after that start stopped. */
  private shutdown: { reason: unknown } | undefined;

  constructor(private readonly setup: RunExecutionsSetup) {}

  /**
   * The run's own execution. A child StartExecution with its state machine and name is refused
   * with ExecutionAlreadyExists even with the same input (AWS would hand back the running
   * execution, and a `.sync` task would then wait for itself). Returns the call that marks it
   * ended.
   */
  addRoot(arn: string, inputText: string): () => void {
    const known: Known = { inputText, running: true };
    this.known.set(arn, known);
    return () => {
      known.running = false;
    };
  }

  start(
    request: StartRequest,
    parent: Pick<Execution, 'arn' | 'run'>,
    link?: Cancel,
  ): StartedExecution {
    const run = this.machine(request.stateMachineArn, parent.run);
    const name = request.name ?? run.uuid();
    checkExecutionName(name);
    const [, partition, , region, account] = request.stateMachineArn.split(':');
    const arn = `arn:${partition}:states:${region}:${account}:execution:${run.stateMachineName}:${name}`;
    const existing = this.known.get(arn);
    if (existing) {
      // "If StartExecution is called with the same name and input as a running execution, the
      // call will succeed and return the same response as the original request. If the execution
      // is closed or if the input is different, it will return a 400 ExecutionAlreadyExists
      // error." (StartExecution API reference)
      if (existing.running && existing.started && existing.inputText === request.inputText) {
        return existing.started;
      }
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }

    const ref: ExecutionRef = {
      executionArn: arn,
      name,
      stateMachineArn: request.stateMachineArn,
      parentExecutionArn: parent.arn,
    };
    const controller = new Cancel();
    const onExecutionEvent = this.setup.onExecutionEvent;
    const history = new History({
      clock: run.clock,
      retain: true,
      onEvent: onExecutionEvent ? (event) => onExecutionEvent(event, ref) : undefined,
      onLimit: () => controller.abort(new ExecutionAbortedError('history-limit')),
    });
    const input = JSON.parse(request.inputText) as JsonValue;
    const startMs = run.clock.nowMs();
    const exec: Execution = {
      run,
      history,
      arn,
      name,
      input,
      startMs,
      stateMachineArn: request.stateMachineArn,
      stateMachineName: run.stateMachineName,
      billing: { transitions: 0 },
    };
    // The parent's `.sync` task was stopped: Step Functions stops the child (StopExecution).
    const stop = () => controller.abort(new ExecutionAbortedError('stopped'));
    if (link?.aborted) stop();
    else link?.onAbort(stop);
    if (this.shutdown) {
      controller.abort(new ExecutionAbortedError('stopped', { cause: this.shutdown.reason }));
    }
    this.running.add(controller);
    let known: Known | undefined;
    // The child starts once the StartExecution call has returned, as a separate execution does.
    const done = Promise.resolve()
      .then(() => execute(exec, controller, request.inputText))
      .then((result): ChildExecutionResult => {
        link?.offAbort(stop);
        this.running.delete(controller);
        if (known) known.running = false;
        return {
          ...result,
          name,
          stateMachineArn: request.stateMachineArn,
          parentExecutionArn: parent.arn,
          input,
          startDate: new Date(startMs),
          stopDate: run.clock.nowDate(),
        };
      });
    const started: StartedExecution = {
      arn,
      name,
      stateMachineArn: request.stateMachineArn,
      startMs,
      inputText: request.inputText,
      done,
    };
    known = { inputText: request.inputText, running: true, started };
    this.known.set(arn, known);
    this.children.push(started);
    return started;
  }

  /** Stops every running child (the run is shutting down). */
  stopAll(reason: unknown): void {
    this.shutdown = { reason };
    for (const controller of [...this.running]) {
      controller.abort(new ExecutionAbortedError('stopped', { cause: reason }));
    }
  }

  /** Every child's result, once all have ended (children started meanwhile included). */
  async settled(): Promise<ChildExecutionResult[]> {
    let waited = 0;
    while (waited < this.children.length) {
      const batch = this.children.slice(waited);
      waited = this.children.length;
      await Promise.all(batch.map((child) => child.done));
    }
    return Promise.all(this.children.map((child) => child.done));
  }

  /** The run context of a state machine's executions, prepared on first use. */
  private machine(stateMachineArn: string, parentRun: RunContext): RunContext {
    const cached = this.machines.get(stateMachineArn);
    if (cached) return cached;
    if (!/^arn:[^:]+:states:[^:]*:[^:]*:stateMachine:[^:]+/.test(stateMachineArn)) {
      throw new SfnApiError('InvalidArn', `Invalid Arn: '${stateMachineArn}'`);
    }
    const source = Object.hasOwn(this.setup.stateMachines, stateMachineArn)
      ? this.setup.stateMachines[stateMachineArn]
      : undefined;
    if (!source) {
      throw new SfnApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    }
    const where = `The state machine '${stateMachineArn}' in options.stateMachines`;
    let definition: unknown = source.definition;
    if (typeof definition === 'string') {
      try {
        definition = JSON.parse(definition);
      } catch (error) {
        throw new StatesRuntimeError(`${where} is not JSON: ${(error as Error).message}`);
      }
    }
    const prepared = prepareDefinition(
      definition,
      this.setup.substitutions,
      { random: parentRun.random, nowMs: () => parentRun.clock.nowMs() },
      this.setup.expressionBudget,
    );
    if (!prepared.machine) {
      const list = prepared.problems.map((p) => `- ${p}`).join('\n');
      throw new StatesRuntimeError(
        `${where} is not a valid definition (CreateStateMachine would refuse it): ${prepared.problems.length} problem(s):\n${list}`,
      );
    }
    const run: RunContext = {
      ...parentRun,
      machine: prepared.machine,
      stateMachineName: source.name ?? (stateMachineArn.split(':')[6] as string),
      stateMachineArn,
    };
    this.machines.set(stateMachineArn, run);
    return run;
  }
}
