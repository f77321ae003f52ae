/**
 * A tiny HTTP proxy in front of moto that answers the first N requests for chosen operations with
 * a real-looking `ThrottlingException` (HTTP 400, awsJson error body), then forwards. It records
 * every request so a test can count attempts. Moto itself has no throttling switch.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ThrottleProxy = {
  endpoint: string;
  /** Operation (X-Amz-Target suffix, e.g. `ListClusters`) -> responses still to throttle. */
  throttle: Map<string, number>;
  /** Every request seen, in order: operation and whether it was throttled. */
  log: Array<{ operation: string; throttled: boolean }>;
  close: () => Promise<void>;
};

export const startThrottleProxy = async (upstream: string): Promise<ThrottleProxy> => {
  const target = new URL(upstream);
  const throttle = new Map<string, number>();
  const log: ThrottleProxy['log'] = [];
  const server = createServer((req, res) => {
    const amzTarget = String(req.headers['x-amz-target'] ?? '');
    const operation = amzTarget.slice(amzTarget.lastIndexOf('.') + 1);
    const remaining = throttle.get(operation) ?? 0;
    if (remaining > 0) {
      throttle.set(operation, remaining - 1);
      log.push({ operation, throttled: true });
      req.resume();
      const body = JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' });
      res.writeHead(400, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': 'ThrottlingException',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    log.push({ operation, throttled: false });
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttle,
    log,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};
