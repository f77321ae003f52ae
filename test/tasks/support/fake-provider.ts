/**
 * A fake market-data server on 127.0.0.1 (random port) for integration tests: each test routes
 * requests to fixtures or faults, and the server records every request it saw.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export type FakeProvider = {
  baseUrl: string;
  /** Every request's path and query, in arrival order. */
  requests: URL[];
  /** Replaces the routing function. */
  route: (fn: Route) => void;
  close: () => Promise<void>;
};

export async function startFakeProvider(): Promise<FakeProvider> {
  const requests: URL[] = [];
  let routeFn: Route = (_req, res) => {
    res.writeHead(599).end();
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    routeFn(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route: (fn) => {
      routeFn = fn;
    },
    close: async () => {
      // Hung-connection tests leave sockets open on purpose.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

export function json(res: ServerResponse, status: number, body: string, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
  res.end(body);
}
