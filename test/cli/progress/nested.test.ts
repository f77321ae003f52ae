import { describe, expect, it } from 'vitest';
import { renderFrame } from '../../../cli/progress/frame.ts';
import { createLiveView } from '../../../cli/progress/live.ts';

const at = new Date('2026-11-28T12:00:00Z');
const entered = (id: number, name: string) => ({
  id,
  type: 'TaskStateEntered' as const,
  timestamp: at,
  stateEnteredEventDetails: { name },
});

describe('progress of nested executions', () => {
  it("prints the child's current state under the parent's, once per change, and its end", () => {
    let out = '';
    const view = createLiveView({
      mode: 'plain',
      stream: { write: (t) => (out += t) },
      now: () => at,
    });
    view.onEvent({ id: 1, type: 'ExecutionStarted', timestamp: at });
    view.onEvent(entered(2, 'Collect'));
    view.onNestedEvent(
      { id: 1, type: 'ExecutionStarted', timestamp: at },
      { name: 'run-1-collect' },
    );
    view.onNestedEvent(entered(2, 'DownloadTickers'), { name: 'run-1-collect' });
    view.onNestedEvent(entered(2, 'DownloadTickers'), { name: 'run-1-collect' });
    view.onNestedEvent(
      { id: 3, type: 'ExecutionSucceeded', timestamp: at },
      { name: 'run-1-collect' },
    );
    view.stop();
    expect(out.split('\n').filter((l) => l.includes('↳'))).toStrictEqual([
      '[0:00]   ↳ run-1-collect: starting',
      '[0:00]   ↳ run-1-collect: DownloadTickers',
      '[0:00]   ↳ run-1-collect: DownloadTickers (SUCCEEDED)',
    ]);
  });

  it('draws one line per child in the terminal frame', () => {
    const lines = renderFrame(
      {
        status: 'RUNNING',
        startedAt: at,
        currentState: 'Train',
        maps: [],
        failures: [],
        taskOutputs: {},
        lastEventId: 5,
        eventCount: 5,
        nested: [{ name: 'run-1-train', status: 'RUNNING', state: 'Train' }],
      },
      at,
      80,
    );
    expect(lines).toStrictEqual(['▶ Train · 0:00 elapsed', '  ↳ run-1-train: Train']);
  });

  it("shows a child's download Map as the run's downloads when the parent has none", () => {
    const view = createLiveView({ mode: 'none', stream: { write: () => true }, now: () => at });
    view.onEvent({ id: 1, type: 'ExecutionStarted', timestamp: at });
    view.onEvent(entered(2, 'CollectBars'));
    const child = { name: 'run-1-collect' };
    view.onNestedEvent({ id: 1, type: 'ExecutionStarted', timestamp: at }, child);
    view.onNestedEvent(
      {
        id: 2,
        type: 'MapStateEntered',
        timestamp: at,
        stateEnteredEventDetails: { name: 'DownloadTickers' },
      },
      child,
    );
    view.onNestedEvent(
      {
        id: 3,
        previousEventId: 2,
        type: 'MapStateStarted',
        timestamp: at,
        mapStateStartedEventDetails: { length: 2 },
      },
      child,
    );
    view.onNestedEvent(
      {
        id: 4,
        previousEventId: 3,
        type: 'MapIterationSucceeded',
        timestamp: at,
        mapIterationSucceededEventDetails: { name: 'DownloadTickers', index: 0 },
      },
      child,
    );
    const snapshot = view.snapshot();
    view.stop();
    expect(snapshot.downloads).toMatchObject({ name: 'DownloadTickers', total: 2, succeeded: 1 });
    expect(snapshot.nested).toStrictEqual([
      { name: 'run-1-collect', status: 'RUNNING', state: 'DownloadTickers' },
    ]);
  });
});
