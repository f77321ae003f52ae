/**
 * `npm run bench -- runtime`: the embedded runtime (local S3, in-process Lambdas, local Spark)
 * over synthetic tickers, each run in a fresh state directory so every object is really written.
 * 100 tickers run the whole pipeline (collect-bars, INLINE Map, then train-model, as nested
 * executions); 500 exceed the pipeline's input limit and run collect-bars' DISTRIBUTED variant on
 * its own, as a deployment for that universe would download. Phases are timed on the wall clock
 * from the history events as they happen, the nested executions' included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEvent } from '../engine/api.ts';
import { projectRoot } from '../runtime/project-root.ts';
import { runLocal } from '../runtime/runtime.ts';
import type { Bench } from './types.ts';

type Figures = {
  tickers: number;
  status: string;
  downloadSeconds: number;
  tickersPerSecond: number;
  sparkSeconds: number;
  totalSeconds: number;
};

const targets = { download500Seconds: 30, total100Seconds: 180 };

async function measure(
  tickers: number,
  run: { workflow: string; definitionFile: string },
  log: (l: string) => void,
): Promise<Figures> {
  const stateDir = mkdtempSync(join(tmpdir(), `bench-runtime-${tickers}-`));
  const marks = new Map<string, number>();
  const mark = (key: string): void => {
    if (!marks.has(key)) marks.set(key, performance.now());
  };
  const phase = (event: HistoryEvent) => {
    const name = event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
    if (name === 'DownloadTickers')
      mark(`download:${event.stateEnteredEventDetails ? 'in' : 'out'}`);
    if (name === 'Train') mark(`train:${event.stateEnteredEventDetails ? 'in' : 'out'}`);
  };
  const started = performance.now();
  try {
    const result = await runLocal({
      input: {
        tickers: Array.from({ length: tickers }, (_, i) => `B${String(i + 1).padStart(3, '0')}`),
        provider: 'synthetic',
      },
      executionName: `bench-${tickers}`,
      stateDir,
      timeScale: 0,
      workflow: run.workflow,
      definitionFile: run.definitionFile,
      log: (line) => {
        if (line.startsWith('venv:')) log(line);
      },
      onEvent: (event) => phase(event),
      onNestedEvent: (event) => phase(event),
    });
    const total = (performance.now() - started) / 1000;
    const span = (phase: string): number =>
      ((marks.get(`${phase}:out`) ?? Number.NaN) - (marks.get(`${phase}:in`) ?? Number.NaN)) / 1000;
    const download = span('download');
    const figures: Figures = {
      tickers,
      status: result.status + (result.error ? ` (${result.error})` : ''),
      downloadSeconds: download,
      tickersPerSecond: tickers / download,
      sparkSeconds: span('train'),
      totalSeconds: total,
    };
    log(
      `${tickers} tickers: ${figures.status}; download ${download.toFixed(1)} s (${figures.tickersPerSecond.toFixed(1)}/s), Spark step ${Number.isFinite(figures.sparkSeconds) ? `${figures.sparkSeconds.toFixed(1)} s` : 'none'}, total ${total.toFixed(1)} s`,
    );
    return figures;
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

export const bench: Bench = {
  id: 'runtime',
  title: 'Embedded local runtime, end to end',
  run: async (log) => {
    const snapshots = join(projectRoot, 'asl-snapshots');
    const small = await measure(
      100,
      {
        workflow: 'market-data-pipeline',
        definitionFile: join(snapshots, 'market-data-pipeline.asl.json'),
      },
      log,
    );
    const large = await measure(
      500,
      {
        workflow: 'collect-bars',
        definitionFile: join(snapshots, 'collect-bars.distributed.asl.json'),
      },
      log,
    );
    const ok = (f: Figures): boolean => f.status === 'SUCCEEDED';
    const downloadMet = ok(large) && large.downloadSeconds < targets.download500Seconds;
    const totalMet = ok(small) && small.totalSeconds < targets.total100Seconds;
    const s = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '-');
    const row = (f: Figures, target: string, met: boolean): string =>
      `| ${f.tickers} | ${f.status} | ${s(f.downloadSeconds)} | ${s(f.tickersPerSecond)} | ${s(f.sparkSeconds)} | ${s(f.totalSeconds)} | ${target} | ${met ? 'met' : 'missed'} |`;
    const markdown = [
      'Synthetic provider, timeScale 0, fresh state directory per run; wall-clock seconds. The machine is shared with other workloads, so figures are noisy.',
      '',
      '| tickers | status | download phase (s) | tickers/s | Spark step (s) | total (s) | target | verdict |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      row(small, `whole run < ${targets.total100Seconds} s`, totalMet),
      row(large, `download < ${targets.download500Seconds} s`, downloadMet),
      '',
      '100 tickers: the pipeline, its downloads and its Spark step in its nested collect-bars and train-model executions. 500 tickers: collect-bars alone (DISTRIBUTED Map, no Spark step).',
      '',
      'Download phase: DownloadTickers entered to exited. Spark step: Train entered to exited (staging inputs, spark-submit with `--master local[*]`, publishing outputs).',
    ].join('\n');
    return { markdown, targetsMet: downloadMet && totalMet };
  },
};
