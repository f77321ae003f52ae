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
});
