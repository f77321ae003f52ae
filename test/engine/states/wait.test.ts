import { describe, expect, it } from 'vitest';
import { machine, run, startOfTest, types } from '../helpers.ts';

describe('Wait state', () => {
  it('moves the engine clock by Seconds without sleeping when timeScale is 0', async () => {
    const started = Date.now();
    const def = machine({
      W: { Type: 'Wait', Seconds: 3600, Next: 'P' },
      P: { Type: 'Pass', End: true },
    });
    const result = await run(def);
    expect(Date.now() - started).toBeLessThan(5_000);
    const exited = result.events.find((e) => e.type === 'WaitStateExited');
    expect(exited?.timestamp?.toISOString()).toBe('2024-05-01T11:00:00.000Z');
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('waits until Timestamp on the engine clock', async () => {
    const def = machine({ W: { Type: 'Wait', Timestamp: '{% $states.input.until %}', End: true } });
    const result = await run(def, { until: '2024-05-01T10:30:00Z' });
    expect(result.events.at(-1)?.timestamp?.toISOString()).toBe('2024-05-01T10:30:00.000Z');
  });

  it('does not wait for a Timestamp in the past', async () => {
    const def = machine({ W: { Type: 'Wait', Timestamp: '2020-01-01T00:00:00Z', End: true } });
    const result = await run(def);
    expect(result.events.at(-1)?.timestamp?.getTime()).toBe(startOfTest.getTime());
  });

  it('fails with States.QueryEvaluationError when Seconds evaluates to a negative number', async () => {
    const def = machine({ W: { Type: 'Wait', Seconds: '{% -1 %}', End: true } });
    const result = await run(def);
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toContain("for the field 'Seconds' returned -1, which is out of range");
  });

  it('keeps concurrent branches’ timestamps in order of their wake times', async () => {
    const def = machine({
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Long', States: { Long: { Type: 'Wait', Seconds: 20, End: true } } },
          { StartAt: 'Short', States: { Short: { Type: 'Wait', Seconds: 5, End: true } } },
        ],
        End: true,
      },
    });
    const result = await run(def);
    const exits = result.events.filter((e) => e.type === 'WaitStateExited');
    expect(
      exits.map((e) => [e.stateExitedEventDetails?.name, e.timestamp?.toISOString()]),
    ).toStrictEqual([
      ['Short', '2024-05-01T10:00:05.000Z'],
      ['Long', '2024-05-01T10:00:20.000Z'],
    ]);
  });

  // https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html: "You must specify time
  // as an integer value from 0 up to 99999999. In JSONata states, you can alternatively specify
  // a JSONata expression which must evaluate to an integer in the stated range."
  it('fails with States.QueryEvaluationError when Seconds evaluates past 99999999', async () => {
    const def = machine({ W: { Type: 'Wait', Seconds: '{% 100000000 %}', End: true } });
    const result = await run(def);
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toBe(
      "An error occurred while executing the state 'W' (entered at the event id #2). The JSONata expression '100000000' specified for the field 'Seconds' returned 100000000, which is out of range: the field must be between 0 and 99999999.",
    );
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'EvaluationFailed',
      'ExecutionFailed',
    ]);
  });

  // https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html: "Currently, if you
  // specify the wait time as a timestamp, Step Functions considers the time value up to seconds
  // and truncates milliseconds." (The recorded AWS case wait_timestamp NANOSECONDS only shows
  // that a nine-digit fraction is accepted.)
  it.each([
    ['2024-05-01T10:30:00.999Z', '2024-05-01T10:30:00.000Z'],
    ['2024-05-01T10:30:00.243167252Z', '2024-05-01T10:30:00.000Z'],
    ['2024-05-01T12:30:01.5+02:00', '2024-05-01T10:30:01.000Z'],
  ])('truncates the Timestamp %s to the second', async (until, woke) => {
    const def = machine({ W: { Type: 'Wait', Timestamp: '{% $states.input.until %}', End: true } });
    const result = await run(def, { until });
    expect(result.events.at(-1)?.timestamp?.toISOString()).toBe(woke);
  });

  it('truncates a JSONPath TimestampPath to the second too', async () => {
    const def = {
      StartAt: 'W',
      States: { W: { Type: 'Wait', TimestampPath: '$.until', End: true } },
    };
    const result = await run(def, { until: '2024-05-01T10:00:05.750Z' });
    expect(result.events.at(-1)?.timestamp?.toISOString()).toBe('2024-05-01T10:00:05.000Z');
  });
});
