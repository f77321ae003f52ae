/**
 * A stand-in for Yahoo's chart API on 127.0.0.1 (random port): `GET /v8/finance/chart/{symbol}`
 * answers with one NYSE session of 1-minute bars per weekday in [period1, period2), in Yahoo's
 * response shape, or with HTTP 500 for the symbols told to fail. Counts requests per symbol.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeYahoo = {
  baseUrl: string;
  requests: Map<string, number>;
  stop: () => Promise<void>;
};

const timeZone = 'America/New_York';

/** Minutes east of UTC of New York at `utcMs` (e.g. -300 in winter). */
function offsetMinutes(utcMs: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(new Date(utcMs))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-]\d+)(?::(\d+))?/.exec(name ?? '');
  if (!m?.[1]) return 0;
  const hours = Number(m[1]);
  return hours * 60 + Math.sign(hours) * Number(m[2] ?? 0);
}

function sessionTimestamps(period1: number, period2: number): number[] {
  const out: number[] = [];
  const day = 86_400;
  for (let midnight = Math.floor(period1 / day) * day; midnight < period2; midnight += day) {
    const weekday = new Date(midnight * 1000).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    // 09:30-16:00 local, as UTC seconds
    const open =
      midnight + (9 * 60 + 30) * 60 - offsetMinutes(midnight * 1000 + 12 * 3600_000) * 60;
    for (let t = open; t < open + 390 * 60; t += 60) if (t >= period1 && t < period2) out.push(t);
  }
  return out;
}

function chart(symbol: string, timestamps: number[]) {
  let price = 100 + (symbol.charCodeAt(0) % 50);
  const open: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  const volume: number[] = [];
  timestamps.forEach((_, i) => {
    const next = price * (1 + Math.sin(i * 0.7 + symbol.length) * 0.002);
    open.push(price);
    close.push(next);
    high.push(Math.max(price, next) * 1.001);
    low.push(Math.min(price, next) * 0.999);
    volume.push(1000 + ((i * 37) % 500));
    price = next;
  });
  return {
    chart: {
      result: [
        {
          meta: { symbol, exchangeTimezoneName: timeZone, currency: 'USD' },
          timestamp: timestamps,
          indicators: { quote: [{ open, high, low, close, volume }] },
        },
      ],
      error: null,
    },
  };
}

export async function startFakeYahoo(failing: ReadonlySet<string>): Promise<FakeYahoo> {
  const requests = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
    if (!m?.[1]) {
      res.writeHead(404).end();
      return;
    }
    const symbol = decodeURIComponent(m[1]);
    requests.set(symbol, (requests.get(symbol) ?? 0) + 1);
    if (failing.has(symbol)) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ finance: { result: null, error: { code: 'Internal Server Error' } } }),
      );
      return;
    }
    const period1 = Number(url.searchParams.get('period1'));
    const period2 = Number(url.searchParams.get('period2'));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(chart(symbol, sessionTimestamps(period1, period2))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
