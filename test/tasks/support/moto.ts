/**
 * moto's AWS-compatible server (from the project venv) on 127.0.0.1 with a random port, for
 * AWS API clients that need a real endpoint (SSM here).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export type Moto = { endpoint: string; stop: () => Promise<void> };

const MOTO = join(import.meta.dirname, '..', '..', '..', '.venv', 'bin', 'moto_server');

export async function startMoto(): Promise<Moto> {
  const child: ChildProcess = spawn(MOTO, ['-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`moto_server exited (${code}): ${output}`)));
    child.once('error', reject);
  });
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
