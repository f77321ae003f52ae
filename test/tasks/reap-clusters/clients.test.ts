import type { EMRClient } from '@aws-sdk/client-emr';
import { describe, expect, it } from 'vitest';
import { createClients } from '../../../tasks/reap-clusters/clients.ts';

/** The resolved strategy's mode ('standard' | 'adaptive'); both SDK strategy classes expose it. */
const modeOf = async (client: Pick<EMRClient, 'config'>): Promise<unknown> =>
  ((await client.config.retryStrategy()) as { mode?: string }).mode;

describe('createClients', () => {
  it('gives both clients the configured max attempts', async () => {
    const { emr, sfn } = createClients(
      { maxAttempts: 8, retryMode: 'adaptive' },
      { region: 'eu-west-2' },
    );
    expect([await emr.config.maxAttempts(), await sfn.config.maxAttempts()]).toStrictEqual([8, 8]);
  });

  it('uses the adaptive retry strategy when asked', async () => {
    const { emr, sfn } = createClients(
      { maxAttempts: 8, retryMode: 'adaptive' },
      { region: 'eu-west-2' },
    );
    const modes = [await modeOf(emr), await modeOf(sfn)];
    expect(modes).toStrictEqual(['adaptive', 'adaptive']);
  });

  it('uses the standard retry strategy when asked', async () => {
    const { emr } = createClients(
      { maxAttempts: 3, retryMode: 'standard' },
      { region: 'eu-west-2' },
    );
    expect(await modeOf(emr)).toBe('standard');
  });
});
