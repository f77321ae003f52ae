import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../runtime/project-root.ts';

/** `npm run asl -- ...` as a user types it, in a child process. */
function npmRunAsl(...args: string[]) {
  return spawnSync('npm', ['run', '--silent', 'asl', '--', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run asl', () => {
  it('runs the JSONata example with its mock file and exits 0', () => {
    const child = npmRunAsl(
      'run',
      'engine/examples/order-check.asl.json',
      '--input',
      '{"orderId":"o-1"}',
      '--mock-config',
      'engine/examples/order-check.mock.json',
      '--test-case',
      'RetryPath',
      '--time-scale',
      '0',
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/^\s+\+\d+\.\d{3}s ExecutionStarted /m);
    expect(child.stdout).toMatch(
      / TaskFailed\s+CheckStock\s+DynamoDb\.ProvisionedThroughputExceededException: Rate exceeded$/m,
    );
    expect(child.stdout).toContain(
      'SUCCEEDED\n{\n  "orderId": "o-1",\n  "status": "backordered"\n}\n',
    );
  });

  it('exits 1 when the execution fails and 2 on an invalid definition', () => {
    const failed = npmRunAsl(
      'run',
      'engine/examples/order-check.asl.json',
      '--mock-config',
      'engine/examples/order-check.mock.json',
      '--test-case',
      'StockDown',
      '--time-scale',
      '0',
    );
    expect(failed.status).toBe(1);
    const invalid = npmRunAsl('run', 'test/engine/cli/fixtures/broken.asl.json');
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('Invalid State Machine Definition: 5 problem(s):');
  });
});
