import { describe, expect, it } from 'vitest';
import { main } from '../../../engine/cli/main.ts';
import { fakeIo } from './fake-io.ts';

describe('asl validate', () => {
  it('lists every problem at once and exits 2', async () => {
    const io = fakeIo();
    const code = await main(['validate', 'test/engine/cli/fixtures/broken.asl.json'], io);
    expect(code).toBe(2);
    expect(io.out()).toBe(
      [
        'test/engine/cli/fixtures/broken.asl.json: Invalid State Machine Definition: 5 problem(s):',
        "  - /States/First/Next: MISSING_TRANSITION_TARGET: no state named 'Missing' in this scope",
        '  - /States/Sleep: a Wait state needs exactly one of Seconds or Timestamp, got none',
        "  - /States/Sleep: state 'Sleep' is not reachable from StartAt",
        "  - /States/Bad: state 'Bad' is not reachable from StartAt",
        "  - /States/Bad/Output: INVALID_JSONATA_EXPRESSION '$states.input.': S0207: Unexpected end of expression",
        '',
      ].join('\n'),
    );
  });

  it('exits 0 for a valid definition', async () => {
    const io = fakeIo();
    const code = await main(['validate', 'engine/examples/order-check.asl.json'], io);
    expect(code).toBe(0);
    expect(io.out()).toBe('engine/examples/order-check.asl.json: valid\n');
  });

  it('takes --substitute values for the placeholders of a workflow snapshot', async () => {
    const names = [
      'DataBucket',
      'LogsBucket',
      'PrepareInputFunctionArn',
      'EmrServiceRole',
      'EmrInstanceProfile',
      'EmrSecurityConfiguration',
      'EmrSubnetId',
    ];
    const without = fakeIo();
    expect(await main(['validate', 'asl-snapshots/train-model.asl.json'], without)).toBe(2);
    expect(without.out()).toContain('pass --substitute EmrSubnetId=...');
    const substituted = fakeIo();
    const flags = names.flatMap((name) => ['--substitute', `${name}=x`]);
    expect(
      await main(['validate', 'asl-snapshots/train-model.asl.json', ...flags], substituted),
    ).toBe(0);
  });

  it('exits 2 on a file that is not JSON', async () => {
    const io = fakeIo();
    const code = await main(['validate', 'test/engine/cli/fake-io.ts'], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(
      /^definition test\/engine\/cli\/fake-io\.ts: INVALID_JSON_DESCRIPTION: /,
    );
  });
});
