import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployedStackName } from '../../../cli/aws/stack-name.ts';
import { STATE_MACHINE_OUTPUT_KEY } from '../../../cli/aws/state-machine-arn.ts';
import { UsageError } from '../../../cli/errors.ts';
import { readSettings } from '../../../infra/settings.ts';
import { OutputKey } from '../../../infra/stack.ts';

function repoWith(cdkJson: unknown): string {
  const root = mkdtempSync(join(tmpdir(), 'cli-stack-name-'));
  writeFileSync(join(root, 'cdk.json'), JSON.stringify(cdkJson));
  return root;
}

describe('deployedStackName', () => {
  it('is the infra default when cdk.json sets no stackName', () => {
    expect(deployedStackName(repoWith({ context: {} }))).toBe('MarketPipeline');
  });

  it('follows the stackName CDK context the stack was deployed with', () => {
    expect(deployedStackName(repoWith({ context: { stackName: 'ResearchPipeline' } }))).toBe(
      'ResearchPipeline',
    );
  });

  it('refuses a stackName the infra app would refuse', () => {
    expect(() => deployedStackName(repoWith({ context: { stackName: '1bad name' } }))).toThrow(
      UsageError,
    );
  });

  it('refuses it with the message the infra app gives, prefixed with cdk.json', () => {
    const bad = '1bad name';
    let infraMessage = '';
    try {
      readSettings((key) => (key === 'stackName' ? bad : undefined));
    } catch (error) {
      infraMessage = (error as Error).message;
    }
    expect(infraMessage).not.toBe('');
    expect(() => deployedStackName(repoWith({ context: { stackName: bad } }))).toThrow(
      `cdk.json: ${infraMessage}`,
    );
  });
});

describe('stack outputs', () => {
  it('reads the output key the infra stack exports', () => {
    expect(STATE_MACHINE_OUTPUT_KEY).toBe(OutputKey.stateMachineArn);
  });
});
