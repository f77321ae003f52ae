/**
 * Glue between the event sources, the model and a view: the TTY view redraws at most every 100 ms
 * and once a second for the elapsed clock; the plain view writes lines as things change; `--json`
 * shows nothing.
 */

import type { DescribeMapRunOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { describeFailure } from '../failure.ts';
import { TtyView } from './frame.ts';
import { ProgressModel, type ProgressSnapshot } from './model.ts';
import { PlainView } from './plain.ts';

export type LiveViewMode = 'tty' | 'plain' | 'none';

export type LiveViewOptions = {
  mode: LiveViewMode;
  stream: { write: (text: string) => unknown; columns?: number };
  now: () => Date;
};

export type LiveView = {
  onEvent: (event: HistoryEvent) => void;
  /** An event of an execution the run started (shown under the run's own state). */
  onNestedEvent: (event: HistoryEvent, execution: { name: string }) => void;
  onMapRun: (run: DescribeMapRunOutput) => void;
  /** A line printed above the live frame (runtime messages, notices). */
  log: (line: string) => void;
  snapshot: () => ProgressSnapshot;
  activeMapRuns: () => string[];
  /** Draws the final frame and stops the timers. */
  stop: () => void;
};

const REDRAW_MS = 100;
const TICK_MS = 1000;

export function createLiveView(options: LiveViewOptions): LiveView {
  const model = new ProgressModel();
  const children = new Map<string, ProgressModel>();
  const snapshot = (): ProgressSnapshot => {
    const own = model.snapshot();
    if (children.size === 0) return own;
    const nested = [...children].map(([name, child]) => {
      const s = child.snapshot();
      const failure = s.status === 'FAILED' ? describeFailure(s) : undefined;
      return {
        name,
        status: s.status,
        ...(s.currentState ? { state: s.currentState } : {}),
        ...(failure?.failedState !== undefined ? { failedState: failure.failedState } : {}),
        ...(failure?.emrStep !== undefined ? { emrStep: failure.emrStep } : {}),
        downloads: s.downloads,
      };
    });
    // A composed workflow downloads in a child: its Map is the run's download progress.
    const downloads = own.downloads ?? nested.find((n) => n.downloads)?.downloads;
    return {
      ...own,
      ...(downloads ? { downloads } : {}),
      nested: nested.map(({ downloads: _, ...n }) => n),
    };
  };
  const { now, stream } = options;
  const plain =
    options.mode === 'plain' ? new PlainView((line) => stream.write(`${line}\n`)) : undefined;
  const tty = options.mode === 'tty' ? new TtyView(stream) : undefined;
  let pending: NodeJS.Timeout | undefined;
  let stopped = false;

  const flush = () => {
    pending = undefined;
    if (!stopped) tty?.draw(snapshot(), now());
  };
  const changed = () => {
    plain?.update(snapshot(), now());
    if (tty && !pending && !stopped) pending = setTimeout(flush, REDRAW_MS);
  };
  const ticker = tty ? setInterval(flush, TICK_MS) : undefined;
  ticker?.unref();

  return {
    onEvent: (event) => {
      model.apply(event);
      changed();
    },
    onNestedEvent: (event, execution) => {
      let child = children.get(execution.name);
      if (!child) {
        child = new ProgressModel();
        children.set(execution.name, child);
      }
      child.apply(event);
      changed();
    },
    onMapRun: (run) => {
      model.applyMapRun(run);
      changed();
    },
    log: (line) => {
      if (tty && !stopped) tty.log(line, snapshot(), now());
      else if (plain) plain.log(line);
      else if (options.mode !== 'none') stream.write(`${line}\n`);
    },
    snapshot,
    activeMapRuns: () => model.activeMapRuns(),
    stop: () => {
      if (stopped) return;
      stopped = true;
      if (pending) clearTimeout(pending);
      if (ticker) clearInterval(ticker);
      tty?.finish(snapshot(), now());
      plain?.update(snapshot(), now());
    },
  };
}
