/**
 * moto's AWS server (test/support/moto.ts) for the CLI integration tests, with Step Functions'
 * state machine execution turned on, and the environment a CLI child process needs to reach it.
 */
import { startMoto as startMotoServer } from '../../support/moto.ts';

export type Moto = {
  endpoint: string;
  port: number;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Environment for a CLI child process: the SDK reads AWS_ENDPOINT_URL natively. */
  env: Record<string, string>;
  stop: () => Promise<void>;
};

export async function startMoto(): Promise<Moto> {
  const server = await startMotoServer();
  const { endpoint } = server;
  // Without this moto returns canned histories; with it, it runs the definition (JSONPath only).
  const config = await fetch(`${endpoint}/moto-api/config`, {
    method: 'POST',
    body: JSON.stringify({ stepfunctions: { execute_state_machine: true } }),
  });
  if (!config.ok) {
    await server.stop();
    throw new Error(`moto config failed: HTTP ${config.status}`);
  }
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  return {
    endpoint,
    port: server.port,
    credentials,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    stop: server.stop,
  };
}
