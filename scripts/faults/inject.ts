/**
 * Loaded into the CLI process by the fault suite (`node --import tsx --import
 * scripts/faults/inject.ts cli/start-workflow.ts ...`), like libfaketime: the CLI and the
 * runtime are unchanged; this module only acts when `MARKET_PIPELINE_FAULTS_DIR` is set, and only
 * on files the suite drops into that folder (polled every 20 ms, in every thread it is loaded in):
 *
 * - `kill-s3`: every HTTP server of the process (the runtime's local S3, s3rver, is the only
 *   one) drops its connections and stops listening, as if the server process had died;
 * - `clock-offset`: a signed number of milliseconds added to the wall clock from then on
 *   (`Date.now()`, `new Date()` and the `Date` header of the process's HTTP servers), as if the
 *   system clock jumped; timers and `performance.now()` (monotonic) are not, as on a real
 *   machine.
 */
import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { join } from 'node:path';

const dir = process.env.MARKET_PIPELINE_FAULTS_DIR;

if (dir) {
  const servers = new Set<Server>();
  const listen = Server.prototype.listen;
  Server.prototype.listen = function patchedListen(this: Server, ...args: unknown[]) {
    servers.add(this);
    // Node stamps responses with the real clock; a jumped machine's servers would not.
    this.prependListener('request', (_req, res) => {
      res.setHeader('date', new Date().toUTCString());
    });
    return (listen as (...a: unknown[]) => Server).apply(this, args);
  } as typeof Server.prototype.listen;

  let offset = 0;
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class JumpingDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(realNow() + offset);
      else super(...(args as [string]));
    }
    static override now(): number {
      return realNow() + offset;
    }
  }
  globalThis.Date = JumpingDate as DateConstructor;

  const read = (name: string): string | undefined => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  let killed = false;
  const poll = setInterval(() => {
    const jump = read('clock-offset');
    if (jump !== undefined && Number.isFinite(Number(jump))) offset = Number(jump);
    if (!killed && read('kill-s3') !== undefined) {
      killed = true;
      for (const server of servers) {
        server.closeAllConnections();
        server.close();
      }
    }
  }, 20);
  poll.unref();
}
