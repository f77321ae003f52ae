/**
 * Assembles named states into a fragment (a Map item processor or Parallel branch) or a whole
 * state machine, and refuses a graph with structural problems, listing every one of them.
 */

import { duplicateNameProblems, graphProblems } from '../asl/graph.ts';
import type { State, StateMachine, StateMachineFragment } from '../asl/types.ts';
import { assertName, type Named } from './assert.ts';

/** One year: Step Functions' maximum execution duration for Standard workflows. */
const MAX_EXECUTION_SECONDS = 31_536_000;

export type FragmentProps = {
  /** The first state, by name or as the built state itself. */
  startAt: string | Named;
  states: readonly Named[];
  comment?: string;
};

const collect = (where: string, states: readonly Named[]): Record<string, State> => {
  const record: Record<string, State> = {};
  for (const { name, state } of states) {
    assertName(state.Type, name);
    if (record[name] !== undefined) throw new Error(`${where}: state '${name}' is defined twice`);
    record[name] = state;
  }
  return record;
};

const build = (where: string, props: FragmentProps): StateMachineFragment => {
  const startAt = typeof props.startAt === 'string' ? props.startAt : props.startAt.name;
  const fragment: StateMachineFragment = {
    ...(props.comment === undefined ? {} : { Comment: props.comment }),
    StartAt: startAt,
    States: collect(where, props.states),
  };
  return fragment;
};

const refuse = (where: string, problems: string[]): void => {
  if (problems.length > 0) {
    throw new Error(`${where} is not valid:\n- ${problems.join('\n- ')}`);
  }
};

/** A nested state machine: a Map `ItemProcessor` (add `ProcessorConfig`) or a Parallel branch. */
export const fragment = (props: FragmentProps): StateMachineFragment => {
  const startAt = typeof props.startAt === 'string' ? props.startAt : props.startAt.name;
  const where = `Fragment starting at '${startAt}'`;
  const f = build(where, props);
  refuse(where, graphProblems(f, where));
  return f;
};

export type StateMachineProps = FragmentProps & {
  /** Execution timeout in seconds (1 .. one year). */
  timeoutSeconds: number;
};

/** A whole JSONata state machine. Throws listing every structural problem at once. */
export const stateMachine = (props: StateMachineProps): StateMachine => {
  const where = 'State machine';
  const t = props.timeoutSeconds;
  if (!Number.isInteger(t) || t < 1 || t > MAX_EXECUTION_SECONDS) {
    throw new Error(
      `${where}: TimeoutSeconds must be an integer between 1 and ${MAX_EXECUTION_SECONDS}, got ${JSON.stringify(t)}`,
    );
  }
  const f = build(where, props);
  refuse(where, [...graphProblems(f, where), ...duplicateNameProblems(f)]);
  return {
    ...(f.Comment === undefined ? {} : { Comment: f.Comment }),
    QueryLanguage: 'JSONata',
    TimeoutSeconds: t,
    StartAt: f.StartAt,
    States: f.States,
  };
};
