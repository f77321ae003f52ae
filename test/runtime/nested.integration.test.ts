/**
 * A workflow that starts a registered one (states:startExecution.sync:2) on the local runtime:
 * the child runs with its own name, ARN and history, the runtime starts the child's Lambdas and
 * lists it, and the parent reads the child's output as a JSON value.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { TaskTokens } from '../../engine/index.ts';
import { localStateMachineArn, runLocal } from '../../runtime/runtime.ts';
import { WORKFLOWS } from '../../workflows/registry.ts';
import { defineWorkflow } from '../../workflows/workflow.ts';
import { fakeIo } from '../cli/fake-io.ts';

const dir = mkdtempSync(join(tmpdir(), 'runtime-nested-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'Collect',
  TimeoutSeconds: 600,
  States: {
    Collect: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Arguments: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a definition substitution
        StateMachineArn: '${CollectBarsStateMachineArn}',
        Name: "{% $states.context.Execution.Name & '-collect' %}",
        Input: {
          tickers: ['AZN.L', 'BP.L'],
          date: '2026-12-04',
          provider: 'synthetic',
          AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: '{% $states.context.Execution.Id %}',
        },
      },
      Output: '{% {"child": $states.result.Name, "ok": $states.result.Output.tickers.ok} %}',
      End: true,
    },
  },
};
const file = join(dir, 'starter.asl.json');
writeFileSync(file, JSON.stringify(definition));

const starter = defineWorkflow<Record<string, never>>({
  name: 'starter',
  description: 'starts collect-bars and waits for it',
  defaultConfig: {},
  build: () => {
    throw new Error('not built: the test gives the definition file');
  },
  input: [],
  tasks: { lambdas: [], sparkScripts: [] },
  variants: [{ id: undefined, description: 'default', config: {} }],
});

describe('nested executions on the local runtime', () => {
  it('runs a started collect-bars as its own execution and hands its output back', async () => {
    const lines: string[] = [];
    const result = await runLocal({
      workflow: starter,
      definitionFile: file,
      executionName: 'parent-1',
      stateDir: join(dir, 'state'),
      timeScale: 0,
      input: {},
      log: (line) => lines.push(line),
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ child: 'parent-1-collect', ok: 2 });
    expect(
      (result.childExecutions ?? []).map((c) => [c.name, c.stateMachineArn, c.status]),
    ).toStrictEqual([['parent-1-collect', localStateMachineArn('collect-bars'), 'SUCCEEDED']]);
    const child = result.childExecutions?.[0];
    expect(child?.parentExecutionArn).toBe(result.executionArn);
    expect(child?.events[0]?.type).toBe('ExecutionStarted');
    expect(lines).toContain('nested execution parent-1-collect: SUCCEEDED');
    // Each run has its own folder; parent and child name each other, and both reports are written.
    const runs = join(dir, 'state', 'runs');
    const read = (name: string) =>
      JSON.parse(readFileSync(join(runs, name, 'record.json'), 'utf8')) as Record<string, unknown>;
    expect(read('parent-1')).toMatchObject({
      workflow: 'starter',
      children: [
        {
          executionArn: child?.executionArn,
          name: 'parent-1-collect',
          workflow: 'collect-bars',
          status: 'SUCCEEDED',
        },
      ],
    });
    expect(read('parent-1-collect')).toMatchObject({
      workflow: 'collect-bars',
      executionArn: child?.executionArn,
      parentExecutionArn: result.executionArn,
      status: 'SUCCEEDED',
      input: { tickers: ['AZN.L', 'BP.L'] },
    });
    expect(existsSync(join(runs, 'parent-1-collect', 'report.html'))).toBe(true);
    expect(result.locations.report).toBe(join(runs, 'parent-1', 'report.html'));
  }, 120_000);
});

describe('a failed nested execution through the CLI', () => {
  it('names the nested execution, its failing state and its error in the report', async () => {
    const failing = {
      ...definition,
      StartAt: 'Train',
      States: {
        Train: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Arguments: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a definition substitution
            StateMachineArn: '${TrainModelStateMachineArn}',
            Name: "{% $states.context.Execution.Name & '-train' %}",
            Input: { tickers: ['AZN.L'], date: '2026-12-03' },
          },
          End: true,
        },
      },
    };
    const failingFile = join(dir, 'failing.asl.json');
    writeFileSync(failingFile, JSON.stringify(failing));
    const io = fakeIo();
    const code = await main(['starter', '--name', 'parent-2', '--time-scale', '0'], io, {
      workflows: [...WORKFLOWS, starter],
      loadRuntime: async () => (options) =>
        runLocal({
          ...options,
          definitionFile: failingFile,
          stateDir: join(dir, 'state'),
          sparkSubmit: '/bin/false',
        }),
    });
    expect(code).toBe(1);
    expect(io.out()).toMatch(/failed state +Train\n/);
    expect(io.out()).toMatch(
      /nested run +parent-2-train FAILED in NoTrainingData: NoTrainingDataError\n/,
    );
    expect(io.out()).toContain('↳ parent-2-train: NoTrainingData (FAILED)');
  }, 120_000);
});

describe('answering a .waitForTaskToken task from outside the run', () => {
  it('completes the task with what the caller sends through LocalRunOptions.taskTokens', async () => {
    const waiting = {
      QueryLanguage: 'JSONata',
      StartAt: 'AskForApproval',
      TimeoutSeconds: 600,
      States: {
        AskForApproval: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken',
          Arguments: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a definition substitution
            StateMachineArn: '${CollectBarsStateMachineArn}',
            Name: "{% $states.context.Execution.Name & '-collect' %}",
            Input: {
              tickers: ['AZN.L'],
              date: '2026-12-04',
              provider: 'synthetic',
              // collect-bars does not call back: the test does, as a worker would on AWS.
              Comment: '{% $states.context.Task.Token %}',
            },
          },
          TimeoutSeconds: 300,
          End: true,
        },
      },
    };
    const waitingFile = join(dir, 'waiting.asl.json');
    writeFileSync(waitingFile, JSON.stringify(waiting));
    const taskTokens = new TaskTokens();
    const running = runLocal({
      workflow: starter,
      definitionFile: waitingFile,
      executionName: 'parent-3',
      stateDir: join(dir, 'state'),
      timeScale: 0,
      input: {},
      taskTokens,
    });
    const token = await vi.waitFor(
      () => {
        const [task] = taskTokens.waiting();
        if (task === undefined) throw new Error('no task waiting yet');
        return task;
      },
      { timeout: 60_000, interval: 20 },
    );
    expect(token.stateName).toBe('AskForApproval');
    taskTokens.sendTaskSuccess(token.taskToken, { approved: true });
    const result = await running;
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ approved: true });
    // The token is closed now: a second answer is refused as AWS refuses it.
    expect(() => taskTokens.sendTaskSuccess(token.taskToken, {})).toThrow(/Task Timed Out/);
  }, 120_000);
});
