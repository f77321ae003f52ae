/**
 * The run report at scale: its file size and its load time in headless chromium (Debian's
 * /usr/bin/chromium through playwright-core) for a real 100-ticker local run of the composed
 * pipeline (synthetic provider, the stand-in spark-submit of the tests, timeScale 0; its report
 * folds in its nested runs) and for a 5,000-ticker collect-bars history synthesised from its
 * nested collect-bars run (bench/report/scale-history.ts clones its Map iterations, so one report
 * holds 5,000 inline iterations, its heaviest shape). Load: navigation start to the
 * page's ready marker (`body[data-ready]`), best of 3, each in a fresh browser context.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { RunFiles, type RunRecord } from '../contracts/run-record.ts';
import { writeReport } from '../report/index.ts';
import { runLocal } from '../runtime/runtime.ts';
import { standInTrainingSubmit } from '../test/runtime/helpers.ts';
import { scaleHistory } from './report/scale-history.ts';
import type { Bench } from './types.ts';

const CHROMIUM = '/usr/bin/chromium';
const SIZE_TARGET = 3 * 1024 * 1024;
const LOAD_TARGET_MS = 2000;
const ticker = (prefix: string) => (i: number) => `${prefix}${String(i + 1).padStart(4, '0')}`;

type Row = {
  label: string;
  tickers: number;
  events: number;
  bytes: number;
  buildMs: number;
  loadMs: number;
};

async function loadTimes(file: string, times: number): Promise<number[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const url = pathToFileURL(file).href;
    const out: number[] = [];
    for (let i = 0; i < times; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const started = performance.now();
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      out.push(performance.now() - started);
      await context.close();
      if (errors.length > 0) throw new Error(`${file}: ${errors.join('; ')}`);
    }
    return out;
  } finally {
    await browser.close();
  }
}

async function measure(
  label: string,
  folder: string,
  tickers: number,
  events: number,
): Promise<Row> {
  const started = performance.now();
  const file = writeReport(folder);
  const buildMs = performance.now() - started;
  const loadMs = Math.min(...(await loadTimes(file, 3)));
  return { label, tickers, events, bytes: statSync(file).size, buildMs, loadMs };
}

export const bench: Bench = {
  id: 'report',
  title: 'Run report: size and load time, 100 and 5,000 tickers',
  async run(log) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    try {
      const stateDir = join(dir, 'state');
      const tickers = Array.from({ length: 100 }, (_, i) => ticker('B')(i));
      log('running a 100-ticker local run (synthetic provider, stand-in spark-submit)...');
      const result = await runLocal({
        executionName: 'bench-report-100',
        stateDir,
        timeScale: 0,
        sparkSubmit: standInTrainingSubmit(dir),
        input: { tickers, provider: 'synthetic' },
      });
      if (result.status !== 'SUCCEEDED') throw new Error(`the 100-ticker run ${result.status}`);
      // The pipeline's report folds in its nested runs: collect-bars' downloads are its tickers.
      const folder100 = join(stateDir, 'runs', 'bench-report-100');
      const collect100 = join(stateDir, 'runs', 'bench-report-100-collect');
      const events100 = JSON.parse(readFileSync(join(folder100, RunFiles.history), 'utf8'));
      const collectEvents = JSON.parse(readFileSync(join(collect100, RunFiles.history), 'utf8'));

      // 5,000 tickers: collect-bars' iterations cloned 50 times (see scale-history.ts), reported
      // as a collect-bars run of its own.
      const folder5k = join(stateDir, 'runs', 'bench-report-5000');
      mkdirSync(folder5k, { recursive: true });
      const events5k = scaleHistory(collectEvents, ticker('X'), 5000);
      const record = JSON.parse(
        readFileSync(join(collect100, RunFiles.record), 'utf8'),
      ) as RunRecord;
      // Billable transitions scale with the states entered and the retries (extra TaskScheduled).
      const billed = (events: Array<{ type: string }>) =>
        events.filter((e) => e.type.endsWith('StateEntered') || e.type === 'TaskScheduled').length -
        events.filter((e) => e.type === 'TaskStateEntered').length;
      writeFileSync(
        join(folder5k, RunFiles.record),
        JSON.stringify({
          ...record,
          executionName: 'bench-report-5000',
          billableTransitions:
            record.billableTransitions + billed(events5k) - billed(collectEvents),
          events: events5k.length,
        }),
      );
      writeFileSync(join(folder5k, RunFiles.history), JSON.stringify(events5k));
      writeFileSync(
        join(folder5k, RunFiles.definition),
        readFileSync(join(collect100, RunFiles.definition)),
      );

      const rows: Row[] = [];
      for (const [label, folder, n, events] of [
        [
          'real local run (the pipeline and its two nested runs)',
          folder100,
          100,
          events100.length + collectEvents.length,
        ],
        ['synthesised history', folder5k, 5000, events5k.length],
      ] as const) {
        const row = await measure(label, folder, n, events);
        log(
          `${n} tickers: ${(row.bytes / 1024).toFixed(0)} KB, built in ${row.buildMs.toFixed(0)} ms, ready in ${row.loadMs.toFixed(0)} ms (best of 3)`,
        );
        rows.push(row);
      }
      const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
      const lines = [
        "The report of a real 100-ticker local run of the composed pipeline (synthetic provider, the tests' stand-in spark-submit, timeScale 0; its report folds in collect-bars' tickers and both nested runs' cost) and of a 5,000-ticker collect-bars history synthesised from its nested collect-bars run: the Map iterations cloned and renamed (bench/report/scale-history.ts), so one report holds 5,000 inline iterations. Load: `page.goto` of the file to `body[data-ready]` in headless Debian chromium, best of 3, fresh context each; build: `writeReport` (esbuild bundle cached after the first).",
        '',
        '| tickers | source | history events | report size | build (ms) | load (ms) | targets | verdict |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...rows.map(
          (r) =>
            `| ${r.tickers.toLocaleString('en-US')} | ${r.label} | ${r.events.toLocaleString('en-US')} | ${(r.bytes / 1024 / 1024).toFixed(2)} MB | ${r.buildMs.toFixed(0)} | ${r.loadMs.toFixed(0)} | < 3 MB, < 2 s | ${met(r.bytes < SIZE_TARGET && r.loadMs < LOAD_TARGET_MS)} |`,
        ),
      ];
      return {
        markdown: lines.join('\n'),
        targetsMet: rows.every((r) => r.bytes < SIZE_TARGET && r.loadMs < LOAD_TARGET_MS),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
