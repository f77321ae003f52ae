import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderFrame, TtyView } from '../../../cli/progress/frame.ts';
import { createLiveView } from '../../../cli/progress/live.ts';
import { ProgressModel } from '../../../cli/progress/model.ts';
import { PlainView } from '../../../cli/progress/plain.ts';
import { loadRecordedHistory } from './recorded.ts';

const history = loadRecordedHistory();
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting escape codes is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

function replayPlain(): string[] {
  const lines: string[] = [];
  const view = new PlainView((line) => lines.push(line));
  const model = new ProgressModel();
  for (const event of history) {
    model.apply(event);
    view.update(model.snapshot(), event.timestamp as Date);
  }
  return lines;
}

describe('plain rendering of a recorded execution (piped output)', () => {
  it('contains no control codes', () => {
    const lines = replayPlain();
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).not.toMatch(CONTROL);
  });

  it('prints each top-level state once, in order', () => {
    const states = replayPlain()
      .map((line) => /^\[\d+:\d\d\] (\w+)$/.exec(line)?.[1])
      .filter(Boolean);
    expect(states).toStrictEqual(['PrepareInput', 'DownloadTickers', 'TrainModel', 'Done']);
  });

  it('reports download progress up to 10/10 done', () => {
    const progress = replayPlain().filter((line) => line.includes('DownloadTickers:'));
    expect(progress.at(-1)).toMatch(/DownloadTickers: 10\/10 done, 0 failed, [\d.]+\/s$/);
    expect(progress.length).toBeGreaterThanOrEqual(3);
  });

  it('escapes control characters coming from the run', () => {
    const lines: string[] = [];
    new PlainView((line) => lines.push(line)).log('cause: \u001b[31mred\u001b[0m');
    expect(lines[0]).not.toMatch(CONTROL);
  });
});

describe('TTY rendering of a recorded execution', () => {
  function replayTty(columns = 80): string {
    let out = '';
    const view = new TtyView({ write: (text) => (out += text), columns });
    const model = new ProgressModel();
    for (const event of history) {
      model.apply(event);
      view.draw(model.snapshot(), event.timestamp as Date);
    }
    return out;
  }

  it('redraws in place: cursor up over the previous frame and clear', () => {
    const out = replayTty();
    expect(out).toContain('\u001b[2F\u001b[J');
  });

  it('leaves a final frame showing all downloads done', () => {
    const out = replayTty();
    const lastFrame = out.split('\u001b[J').at(-1) ?? '';
    expect(lastFrame).toMatch(/▶ Done · 0:0\d elapsed/);
    expect(lastFrame).toMatch(/DownloadTickers \[█{24}\] 10\/10 done, 0 failed/);
  });

  it('never writes a line wider than the terminal', () => {
    const out = replayTty(30);
    const esc = String.fromCharCode(27);
    const lines = out
      .split(new RegExp(`${esc}\\[\\d+F${esc}\\[J|\\n`))
      .filter((line) => line !== '');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(29);
  });

  it('renders a frame with the state and elapsed time before any Map', () => {
    const model = new ProgressModel();
    model.apply(history[0] as (typeof history)[0]);
    model.apply(history[1] as (typeof history)[0]);
    const start = history[0]?.timestamp as Date;
    const frame = renderFrame(model.snapshot(), new Date(start.getTime() + 65_000), 80);
    expect(frame).toStrictEqual(['▶ PrepareInput · 1:05 elapsed']);
  });
});

describe('createLiveView', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('throttles TTY redraws to one per 100 ms however many events arrive', () => {
    vi.useFakeTimers();
    let writes = 0;
    const view = createLiveView({
      mode: 'tty',
      stream: { write: () => (writes += 1), columns: 80 },
      now: () => new Date(),
    });
    for (const event of history) view.onEvent(event);
    expect(writes).toBe(0);
    vi.advanceTimersByTime(100);
    expect(writes).toBe(1);
    view.stop();
    expect(view.snapshot().status).toBe('SUCCEEDED');
  });

  it('writes nothing at all in json mode', () => {
    let out = '';
    const view = createLiveView({
      mode: 'none',
      stream: { write: (t) => (out += t) },
      now: () => new Date(),
    });
    for (const event of history) view.onEvent(event);
    view.log('hello');
    view.stop();
    expect(out).toBe('');
  });
});
