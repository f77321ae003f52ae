/**
 * A tiny HTTP proxy on 127.0.0.1 in front of moto that answers chosen AWS JSON-protocol operations
 * with a real-looking ThrottlingException (HTTP 400, `x-amzn-errortype`, awsJson body), as AWS
 * does when an account exceeds its API rate, then forwards. Moto has no throttling switch of its
 * own; with this the SDK's retry policy and the callers' own backoff are exercised against a real
 * server. Every request is logged so a test can count attempts.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ThrottleProxy = {
  endpoint: string;
  /** Throttle the next `count` calls of `operation` (the X-Amz-Target suffix, e.g. 'ListClusters'). */
  throttleNext: (operation: string, count: number) => void;
  /** Every request seen, in order: its operation and whether it was throttled. */
  log: Array<{ operation: string; throttled: boolean }>;
  /** Throttled responses sent so far, by operation. */
  throttled: () => Record<string, number>;
  /** Forgets pending throttles and the log. */
  reset: () => void;
  stop: () => Promise<void>;
};

export async function startThrottleProxy(target: string): Promise<ThrottleProxy> {
  const upstream = new URL(target);
  const pending = new Map<string, number>();
  const log: ThrottleProxy['log'] = [];
  const server = createServer((req, res) => {
    const amzTarget = String(req.headers['x-amz-target'] ?? '');
    const operation = amzTarget.slice(amzTarget.lastIndexOf('.') + 1);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const remaining = pending.get(operation) ?? 0;
      log.push({ operation, throttled: remaining > 0 });
      if (remaining > 0) {
        pending.set(operation, remaining - 1);
        const body = JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' });
        res.writeHead(400, {
          // The protocol version the client spoke (EMR: awsJson 1.1, Step Functions: 1.0).
          'content-type': req.headers['content-type'] ?? 'application/x-amz-json-1.1',
          'x-amzn-errortype': 'ThrottlingException',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
        return;
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
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
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttleNext: (operation, count) => {
      pending.set(operation, (pending.get(operation) ?? 0) + count);
    },
    log,
    throttled: () => {
      const counts: Record<string, number> = {};
      for (const l of log) if (l.throttled) counts[l.operation] = (counts[l.operation] ?? 0) + 1;
      return counts;
    },
    reset: () => {
      pending.clear();
      log.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
