/**
 * A tiny HTTP proxy on 127.0.0.1 in front of moto that answers chosen AWS JSON-protocol
 * operations with ThrottlingException, as Step Functions does when an account exceeds its API
 * rate: the SDK's and the CLI's backoff are exercised against a real server.
 */
import { createServer, request, type Server } from 'node:http';

export type ThrottleProxy = {
  endpoint: string;
  /** Throttle the next `count` calls of `operation` (e.g. 'DescribeExecution'). */
  throttleNext: (operation: string, count: number) => void;
  /** Throttled responses sent, by operation. */
  throttled: Record<string, number>;
  /** Calls forwarded to moto, by operation. */
  forwarded: Record<string, number>;
  stop: () => Promise<void>;
};

export async function startThrottleProxy(target: string): Promise<ThrottleProxy> {
  const pending: Record<string, number> = {};
  const throttled: Record<string, number> = {};
  const forwarded: Record<string, number> = {};
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if ((pending[operation] ?? 0) > 0) {
        pending[operation] = (pending[operation] ?? 0) - 1;
        throttled[operation] = (throttled[operation] ?? 0) + 1;
        res.writeHead(400, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-errortype': 'ThrottlingException',
        });
        res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        return;
      }
      forwarded[operation] = (forwarded[operation] ?? 0) + 1;
      const proxied = request(
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
      proxied.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      proxied.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttleNext: (operation, count) => {
      pending[operation] = (pending[operation] ?? 0) + count;
    },
    throttled,
    forwarded,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
