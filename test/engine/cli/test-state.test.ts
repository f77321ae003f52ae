import { describe, expect, it } from 'vitest';
import { main } from '../../../engine/cli/main.ts';
import { fakeIo } from './fake-io.ts';

const price = 'test/engine/cli/fixtures/price.asl.json';

async function testState(...flags: string[]) {
  const io = fakeIo();
  const code = await main(
    ['test-state', price, '--state', 'GetPrice', '--input', '{"sku":"a-1"}', ...flags],
    io,
  );
  return { code, io, result: io.out() === '' ? undefined : JSON.parse(io.out()) };
}

describe('asl test-state', () => {
  it('prints the TestState answer for a mocked result, with DEBUG inspection data', async () => {
    const { code, result } = await testState(
      '--mock-result',
      '{"Payload":{"price":4}}',
      '--variables',
      '{"quantity":2}',
      '--inspection-level',
      'DEBUG',
    );
    expect(code).toBe(0);
    expect(result).toStrictEqual({
      status: 'SUCCEEDED',
      output: '{"sku":"a-1","total":8}',
      nextState: 'Done',
      inspectionData: {
        input: '{"sku":"a-1"}',
        afterArguments: '{"FunctionName":"get-price","Payload":{"sku":"a-1"}}',
        result: '{"Payload":{"price":4}}',
        variables: '{"quantity":2,"price":4}',
      },
    });
  });

  it('reports RETRIABLE for a mocked error a retrier matches, and CAUGHT_ERROR for another', async () => {
    const retriable = await testState('--mock-error', 'Lambda.TooManyRequestsException:slow');
    expect(retriable.code).toBe(0);
    expect(retriable.result).toStrictEqual({
      status: 'RETRIABLE',
      error: 'Lambda.TooManyRequestsException',
      cause: 'slow',
    });
    const caught = await testState('--mock-error', 'Oops:it: broke');
    expect(caught.code).toBe(0);
    expect(caught.result).toStrictEqual({
      status: 'CAUGHT_ERROR',
      error: 'Oops',
      cause: 'it: broke',
      output: '{"Error":"Oops","Cause":"it: broke"}',
      nextState: 'Broken',
    });
  });

  it('exits 1 when the state fails, and 2 on bad usage', async () => {
    const failed = fakeIo();
    expect(await main(['test-state', price, '--state', 'Broken'], failed)).toBe(1);
    expect(JSON.parse(failed.out())).toStrictEqual({ status: 'FAILED', error: 'Broken' });
    expect(await testState('--mock-result', '1', '--mock-error', 'E')).toMatchObject({ code: 2 });
    expect(await testState('--inspection-level', 'LOUD')).toMatchObject({ code: 2 });
    const unknown = fakeIo();
    expect(await main(['test-state', price, '--state', 'Nope'], unknown)).toBe(2);
    expect(unknown.err()).toContain("The definition has no state 'Nope'");
  });
});

describe('asl test-state on the JSONPath example', () => {
  async function checkStock(mockError: string) {
    const io = fakeIo();
    const code = await main(
      [
        'test-state',
        'engine/examples/restock.asl.json',
        '--state',
        'CheckStock',
        '--input',
        '{"warehouse":"berlin"}',
        '--mock-error',
        mockError,
        '--inspection-level',
        'DEBUG',
      ],
      io,
    );
    return { code, result: JSON.parse(io.out()) };
  }

  it('answers RETRIABLE for the throttling error its Retry names, with the first interval', async () => {
    const { code, result } = await checkStock('Lambda.TooManyRequestsException:Rate exceeded');
    expect(code).toBe(0);
    expect(result).toMatchObject({
      status: 'RETRIABLE',
      error: 'Lambda.TooManyRequestsException',
      cause: 'Rate exceeded',
      inspectionData: { errorDetails: { retryIndex: 0, retryBackoffIntervalSeconds: 2 } },
    });
  });

  it('answers CAUGHT_ERROR for any other error: the Catch puts it at $.error and goes to StockUnavailable', async () => {
    const { code, result } = await checkStock('Lambda.ServiceException:Internal error');
    expect(code).toBe(0);
    expect(result).toMatchObject({
      status: 'CAUGHT_ERROR',
      error: 'Lambda.ServiceException',
      cause: 'Internal error',
      nextState: 'StockUnavailable',
      inspectionData: { errorDetails: { catchIndex: 0 } },
    });
    expect(JSON.parse(result.output)).toStrictEqual({
      warehouse: 'berlin',
      error: { Error: 'Lambda.ServiceException', Cause: 'Internal error' },
    });
  });
});
