import { describe, expect, it } from 'vitest';
import { choice } from '../../builders/choice.ts';
import { expr } from '../../builders/jsonata.ts';
import { map } from '../../builders/map.ts';
import { pass } from '../../builders/pass.ts';
import { fragment, stateMachine } from '../../builders/state-machine.ts';
import { succeed } from '../../builders/succeed.ts';

describe('stateMachine', () => {
  it('assembles a JSONata state machine with its timeout', () => {
    const sm = stateMachine({
      startAt: 'A',
      timeoutSeconds: 60,
      states: [pass('A', { Next: 'B' }), succeed('B')],
    });
    expect(sm).toStrictEqual({
      QueryLanguage: 'JSONata',
      TimeoutSeconds: 60,
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } },
    });
  });

  it('throws naming the state and the unknown Next', () => {
    expect(() =>
      stateMachine({ startAt: 'A', timeoutSeconds: 60, states: [pass('A', { Next: 'Nowhere' })] }),
    ).toThrow("State machine: Pass 'A': Next 'Nowhere' names no state in this scope");
  });

  it('lists every structural problem at once', () => {
    let message = '';
    try {
      stateMachine({
        startAt: 'Start',
        timeoutSeconds: 60,
        states: [
          choice('A', { Choices: [{ Condition: expr('true'), Next: 'Gone' }], Default: 'B' }),
          succeed('B'),
          succeed('Orphan'),
        ],
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n').slice(1)).toStrictEqual([
      "- State machine: StartAt 'Start' names no state in this scope",
      "- State machine: Choice 'A': Choices[0] 'Gone' names no state in this scope",
      "- State machine: Choice 'A' is unreachable from StartAt",
      "- State machine: Succeed 'B' is unreachable from StartAt",
      "- State machine: Succeed 'Orphan' is unreachable from StartAt",
    ]);
  });

  it('reports a loop with no way out', () => {
    expect(() =>
      stateMachine({
        startAt: 'A',
        timeoutSeconds: 60,
        states: [pass('A', { Next: 'B' }), pass('B', { Next: 'A' })],
      }),
    ).toThrow("Pass 'A' can never reach an end state");
  });

  it('reports a state name used both outside and inside a Map', () => {
    const inner = fragment({ startAt: 'Work', states: [pass('Work', { End: true })] });
    expect(() =>
      stateMachine({
        startAt: 'Each',
        timeoutSeconds: 60,
        states: [
          map('Each', { Items: [1], ItemProcessor: inner, Next: 'Work' }),
          pass('Work', { End: true }),
        ],
      }),
    ).toThrow("State name 'Work' is used twice (in Map 'Each' ItemProcessor and in State machine)");
  });

  it('throws on a state defined twice', () => {
    expect(() =>
      stateMachine({ startAt: 'A', timeoutSeconds: 60, states: [succeed('A'), succeed('A')] }),
    ).toThrow("State machine: state 'A' is defined twice");
  });

  it('throws on a TimeoutSeconds of zero', () => {
    expect(() => stateMachine({ startAt: 'A', timeoutSeconds: 0, states: [succeed('A')] })).toThrow(
      'State machine: TimeoutSeconds must be an integer between 1 and 31536000, got 0',
    );
  });
});
