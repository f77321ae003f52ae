import { describe, expect, it } from 'vitest';
import {
  type IntegrationContext,
  mockedStateIntegrations,
  parseMockConfig,
} from '../../../engine/index.ts';

const ctx = { stateName: 'GetData' } as IntegrationContext;

const valid = {
  StateMachines: {
    Machine: { TestCases: { Happy: { GetData: 'Flaky' }, Empty: {} } },
  },
  MockedResponses: {
    Flaky: {
      '0': { Throw: { Error: 'Lambda.ServiceException', Cause: 'down' } },
      '1-2': { Return: { StatusCode: 200, Payload: { n: 1 } } },
    },
  },
};

describe('parseMockConfig', () => {
  it('accepts the documented shape', () => {
    const parsed = parseMockConfig(valid);
    expect(parsed.problems).toStrictEqual([]);
    expect(parsed.config?.mockedResponses.Flaky).toStrictEqual([
      { from: 0, to: 0, answer: { throw: { error: 'Lambda.ServiceException', cause: 'down' } } },
      { from: 1, to: 2, answer: { return: { StatusCode: 200, Payload: { n: 1 } } } },
    ]);
  });

  it('lists every problem at once, each naming its path in the file', () => {
    const parsed = parseMockConfig({
      StateMachines: {
        Machine: { TestCases: { A: { GetData: 'GetData', Other: 'Missing', Third: 3 } } },
        NoCases: {},
      },
      MockedResponses: {
        GetData: {
          '0': { Return: {} },
          '1-2': { Throw: { Cause: 'no error' } },
          '2': { Return: 1 },
          '5': { Return: 1 },
          x: { Return: 1 },
        },
        Both: { '0': { Return: 1, Throw: { Error: 'E' } } },
        Empty: {},
      },
      Extra: true,
    });
    expect(parsed.problems).toStrictEqual([
      '(root): unknown field(s) Extra',
      'MockedResponses.GetData."1-2": Throw needs Error (a non-empty string)',
      'MockedResponses.GetData.x: not an invocation range (a number like "0" or a range like "1-2")',
      'MockedResponses.GetData."2": overlaps an earlier range',
      'MockedResponses.GetData: invocation(s) 3-4 have no response (ranges must follow on)',
      'MockedResponses.Both."0": needs exactly one of Return or Throw',
      'MockedResponses.Empty: must be a non-empty object of invocation ranges ("0", "1-2", ...)',
      "StateMachines.Machine.TestCases.A.Other: no mocked response 'Missing' in MockedResponses",
      'StateMachines.Machine.TestCases.A.Third: must name a mocked response',
      'StateMachines.NoCases: needs TestCases (an object)',
    ]);
  });
});

describe('mockedStateIntegrations', () => {
  const config = parseMockConfig(valid).config;
  if (!config) throw new Error('the fixture is valid');

  it('answers the n-th invocation from the range that holds n, then fails with States.Runtime', async () => {
    const handler = mockedStateIntegrations(config, 'Machine', 'Happy').GetData;
    if (!handler) throw new Error('GetData is mocked');
    await expect(handler({}, ctx)).rejects.toMatchObject({
      name: 'Lambda.ServiceException',
      message: 'down',
    });
    await expect(handler({}, ctx)).resolves.toStrictEqual({ StatusCode: 200, Payload: { n: 1 } });
    await expect(handler({}, ctx)).resolves.toStrictEqual({ StatusCode: 200, Payload: { n: 1 } });
    await expect(handler({}, ctx)).rejects.toMatchObject({
      name: 'States.Runtime',
      message:
        "Mocked response 'Flaky' of state 'GetData' has no answer for invocation 3 (its ranges end at 2)",
    });
  });

  it('counts afresh for every run', async () => {
    const first = mockedStateIntegrations(config, 'Machine', 'Happy').GetData;
    const second = mockedStateIntegrations(config, 'Machine', 'Happy').GetData;
    await expect(first?.({}, ctx)).rejects.toMatchObject({ name: 'Lambda.ServiceException' });
    await expect(second?.({}, ctx)).rejects.toMatchObject({ name: 'Lambda.ServiceException' });
  });

  it('names what exists when the state machine or the test case is unknown', () => {
    expect(() => mockedStateIntegrations(config, 'Nope', 'Happy')).toThrow(
      "The mock configuration has no state machine 'Nope' (it has: Machine)",
    );
    expect(() => mockedStateIntegrations(config, 'Machine', 'Sad')).toThrow(
      "State machine 'Machine' has no test case 'Sad' (it has: Happy, Empty)",
    );
  });
});
