/**
 * The run report in a real browser (Debian's /usr/bin/chromium through playwright-core): three
 * local runs made with stand-ins (the synthetic provider, a fake Yahoo answering HTTP 500 for some
 * tickers, the stand-in spark-submit of the training job, a training script that raises) and
 * their report.html opened from disk. Every state is a node coloured by its status, a failed run
 * opens on the state it failed in, the ticker table has one row per ticker and filters, every
 * chart draws, and the page logs no console error and makes no network request.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaleHistory } from '../../bench/report/scale-history.ts';
import { STATUS_COLOURS } from '../../report/colours.ts';
import { writeCompare, writeReport } from '../../report/index.ts';
import { projectRoot } from '../../runtime/project-root.ts';
import { runLocal } from '../../runtime/runtime.ts';
import type { LocalRunOptions, LocalRunResult } from '../../runtime/types.ts';
import { findWorkflow } from '../../workflows/registry.ts';
import { defineWorkflow } from '../../workflows/workflow.ts';
import { startFakeYahoo } from '../runtime/fake-yahoo.ts';
import { deployRaisingTrainScript, standInTrainingSubmit } from '../runtime/helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

let dir: string;
let browser: Browser | undefined;
const runs: Record<'ok' | 'trainFails' | 'caught' | 'parent' | 'distributed', LocalRunResult> =
  {} as never;

/** A workflow that starts collect-bars (states:startExecution.sync:2), for the nested-run links. */
const starter = defineWorkflow<Record<string, never>>({
  name: 'starter',
  description: 'starts collect-bars and waits for it',
  defaultConfig: {},
  build: () => {
    throw new Error('not built: the test gives the definition file');
  },
  input: [],
  tasks: { lambdas: [], sparkScripts: [] },
  variants: [{ id: undefined, description: 'default', config: {} }],
});
const starterDefinition = {
  QueryLanguage: 'JSONata',
  StartAt: 'Collect',
  TimeoutSeconds: 600,
  States: {
    Collect: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Arguments: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a definition substitution
        StateMachineArn: '${CollectBarsStateMachineArn}',
        Name: "{% $states.context.Execution.Name & '-collect' %}",
        Input: {
          tickers: ['SYN01', 'SYN02'],
          date: '2026-12-04',
          provider: 'synthetic',
          AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: '{% $states.context.Execution.Id %}',
        },
      },
      End: true,
    },
  },
};
const tickers = Array.from({ length: 25 }, (_, i) => `SYN${String(i + 1).padStart(2, '0')}`);
const failing = ['SYN04', 'SYN17'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
  const sparkSubmit = standInTrainingSubmit(dir);
  const run = (
    name: string,
    input: LocalRunOptions['input'],
    extra: Partial<LocalRunOptions> = {},
  ) =>
    runLocal({
      executionName: name,
      stateDir: join(dir, 'state'),
      timeScale: 0,
      sparkSubmit,
      input,
      ...extra,
    });
  runs.ok = await run('report-ok', { tickers: tickers.slice(0, 5), provider: 'synthetic' });
  runs.trainFails = await run(
    'report-train-fails',
    { tickers: tickers.slice(0, 3), provider: 'synthetic' },
    { prepare: deployRaisingTrainScript('injected failure: report test copy of train_model.py') },
  );
  const starterFile = join(dir, 'starter.asl.json');
  writeFileSync(starterFile, JSON.stringify(starterDefinition));
  runs.parent = await run('report-parent', {}, { workflow: starter, definitionFile: starterFile });
  // collect-bars in distributed mode: 30 tickers in two Map Run children (25 a batch).
  runs.distributed = await run(
    'report-distributed',
    {
      tickers: tickers.concat(['SYN26', 'SYN27', 'SYN28', 'SYN29', 'SYN30']),
      provider: 'synthetic',
    },
    {
      workflow: findWorkflow('collect-bars'),
      definitionFile: join(projectRoot, 'asl-snapshots', 'collect-bars.distributed.asl.json'),
    },
  );
  const yahoo = await startFakeYahoo(new Set(failing));
  try {
    runs.caught = await run(
      'report-caught',
      { tickers, provider: 'yahoo' },
      { lambdaEnv: { YAHOO_BASE_URL: yahoo.baseUrl } },
    );
  } finally {
    await yahoo.stop();
  }
  // Without chromium every test below fails (never skips) with missingChromium's message.
  if (existsSync(CHROMIUM)) {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }
}, 240_000);

const missingChromium = `the report's browser tests need Debian's chromium at ${CHROMIUM}: install it with 'apt-get install chromium' (.ci/run does)`;

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Opened = { page: Page; problems: string[]; requests: string[] };

/** Opens a report from disk; every request other than the file itself is aborted and recorded. */
async function open(result: LocalRunResult | string): Promise<Opened> {
  if (!browser) throw new Error(missingChromium);
  const file = typeof result === 'string' ? result : result.locations.report;
  expect(file, 'runLocal sets locations.report').toBeDefined();
  const url = pathToFileURL(file as string).href;
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.request().url() === url ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems, requests: requests.filter((r) => r !== url) };
}

/** The report of a run's nested run `<run>-<suffix>`, recorded beside it. */
const nestedReport = (result: LocalRunResult, suffix: string): string =>
  join(
    dirname(result.locations.report as string),
    '..',
    `${result.executionArn.split(':').at(-1)}-${suffix}`,
    'report.html',
  );

async function close(opened: Opened): Promise<void> {
  expect(opened.problems).toStrictEqual([]);
  expect(opened.requests).toStrictEqual([]);
  await opened.page.context().close();
}

type Asl = { States: Record<string, { ItemProcessor?: Asl; Iterator?: Asl; Branches?: Asl[] }> };
function stateNames(machine: Asl): string[] {
  return Object.entries(machine.States).flatMap(([name, state]) => [
    name,
    ...[state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])].flatMap((inner) =>
      inner ? stateNames(inner) : [],
    ),
  ]);
}

async function nodes(page: Page): Promise<Array<{ name: string; status: string; fill: string }>> {
  return page.$$eval('.node', (els) =>
    els.map((el) => ({
      name: el.getAttribute('data-state') ?? '',
      status: el.getAttribute('data-status') ?? '',
      fill: el.querySelector('rect')?.getAttribute('fill') ?? '',
    })),
  );
}

/** `nested`: the graph of the run's nested run `<run>-<nested>` instead of its own. */
async function expectGraph(
  opened: Opened,
  result: LocalRunResult,
  expected: Record<string, string>,
  nested?: string,
) {
  const name = result.executionArn.split(':').at(-1) as string;
  const folder = join(
    result.locations.stateDir,
    'runs',
    nested === undefined ? name : `${name}-${nested}`,
  );
  const definition = JSON.parse(readFileSync(join(folder, 'definition.asl.json'), 'utf8')) as Asl;
  const drawn = await nodes(opened.page);
  expect(drawn.map((n) => n.name).sort()).toStrictEqual(stateNames(definition).sort());
  for (const node of drawn) {
    expect(node.fill, node.name).toBe(STATUS_COLOURS[node.status as keyof typeof STATUS_COLOURS]);
  }
  const statuses = Object.fromEntries(drawn.map((n) => [n.name, n.status]));
  expect(statuses).toMatchObject(expected);
  const bars = await opened.page.$$eval('#timeline-svg rect.bar', (els) => els.length);
  expect(bars).toBeGreaterThan(0);
}

/** Counts the canvas's pixels near `hex` (a bar's colour): a chart that drew has some. */
async function pixelsOf(page: Page, id: string, hex: string): Promise<number> {
  return page.$eval(
    `#${id}`,
    (canvas, colour) => {
      // The page's canvas (this program has no DOM types).
      const c = canvas as unknown as {
        width: number;
        height: number;
        getContext: (kind: '2d') => {
          getImageData: (x: number, y: number, w: number, h: number) => { data: ArrayLike<number> };
        } | null;
      };
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16)) as [
        number,
        number,
        number,
      ];
      const near = (x: number | undefined, y: number) => Math.abs((x ?? -999) - y) < 12;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          (data[i + 3] ?? 0) > 200 &&
          near(data[i], r) &&
          near(data[i + 1], g) &&
          near(data[i + 2], b)
        )
          n++;
      }
      return n;
    },
    hex,
  );
}

describe('the run report in a browser', () => {
  it(`runs Debian's chromium (${CHROMIUM})`, () => {
    expect(existsSync(CHROMIUM), missingChromium).toBe(true);
  });

  it('a succeeded run: every state a node coloured by its status, a filled ticker table and the model charts drawn', async () => {
    expect(runs.ok.status).toBe('SUCCEEDED');
    const opened = await open(runs.ok);
    const { page } = opened;
    expect(await page.textContent('#status')).toBe('SUCCEEDED');
    // The composed pipeline: its own states, each nested run a node linking to its report.
    await expectGraph(opened, runs.ok, {
      ValidateInput: 'succeeded',
      CollectBars: 'succeeded',
      CheckDownloads: 'succeeded',
      InsufficientData: 'not-entered',
      TrainModel: 'succeeded',
      Summary: 'succeeded',
      NestedExecutionFailed: 'not-entered',
    });
    // No failure: it opens on the first state, and a click shows another state's details.
    expect(await page.getAttribute('#details', 'data-state')).toBe('ValidateInput');
    expect(await page.$('#failure')).toBeNull();
    await page.click('.node[data-state="TrainModel"]');
    expect(await page.getAttribute('#details', 'data-state')).toBe('TrainModel');
    expect(await page.textContent('#detail-output')).toContain('report-ok-train');
    // Its tickers are collect-bars': the nested run that downloaded them.
    expect(await page.textContent('#tickers-section h2')).toBe(
      'Tickers (DownloadTickers of nested run report-ok-collect)',
    );
    expect(await page.$$eval('#ticker-table tbody tr', (rows) => rows.length)).toBe(5);
    for (const [id, colour] of [
      ['chart-scores', '#0969da'],
      ['chart-confusion', '#1a7f37'],
      ['chart-importances', '#0969da'],
    ] as const) {
      expect(await pixelsOf(page, id, colour), id).toBeGreaterThan(100);
    }
    expect(await page.$$eval('canvas', (els) => els.length)).toBe(3);
    await close(opened);

    // train-model's own report: its cluster states, coloured as they ran.
    const train = await open(nestedReport(runs.ok, 'train'));
    const trainStatuses = Object.fromEntries(
      (await nodes(train.page)).map((n) => [n.name, n.status]),
    );
    expect(trainStatuses).toMatchObject({
      CreateCluster: 'succeeded',
      Train: 'succeeded',
      TerminateCluster: 'succeeded',
      TerminateClusterAfterFailure: 'not-entered',
      RethrowFailure: 'not-entered',
    });
    await train.page.click('.node[data-state="Train"]');
    expect(await train.page.textContent('#detail-output')).toContain('StepId');
    await close(train);
  });

  it('a run that failed in training opens on the failing state with its error and cause', async () => {
    expect(runs.trainFails.status).toBe('FAILED');
    const opened = await open(runs.trainFails);
    const { page } = opened;
    expect(await page.textContent('#status')).toBe('FAILED');
    await expectGraph(opened, runs.trainFails, {
      CollectBars: 'succeeded',
      TrainModel: 'failed',
      NestedExecutionFailed: 'failed',
      Summary: 'not-entered',
    });
    // It opens on the task whose nested run failed, and says where that run failed.
    expect(await page.getAttribute('#details', 'data-state')).toBe('TrainModel');
    expect(await page.getAttribute('.node[data-state="TrainModel"]', 'class')).toContain(
      'selected',
    );
    expect(await page.textContent('#detail-error')).toBe('States.TaskFailed');
    expect(await page.textContent('#detail-cause')).toContain(
      'RuntimeError: injected failure: report test copy',
    );
    const banner = await page.textContent('#failure');
    expect(banner).toContain('States.TaskFailed in TrainModel');
    expect(banner).toContain('nested run report-train-fails-train failed in Train');
    expect(banner).toContain('Step failed with exit code 1');
    expect(await page.textContent('#nested-runs')).toContain(
      'TrainModel → report-train-fails-train FAILED in Train',
    );
    expect(await page.textContent('#model-note')).toContain('no metrics.json');
    await close(opened);

    // train-model's report opens on Train, with the step's error and cause.
    const train = await open(nestedReport(runs.trainFails, 'train'));
    await expectGraph(train, runs.trainFails, {}, 'train');
    const trainStatuses = Object.fromEntries(
      (await nodes(train.page)).map((n) => [n.name, n.status]),
    );
    expect(trainStatuses).toMatchObject({
      CreateCluster: 'succeeded',
      Train: 'failed',
      TerminateCluster: 'not-entered',
      TerminateClusterAfterFailure: 'succeeded',
      RethrowFailure: 'failed',
      Summary: 'not-entered',
    });
    expect(await train.page.getAttribute('#details', 'data-state')).toBe('Train');
    expect(await train.page.textContent('#failure')).toContain('States.TaskFailed in Train');
    await close(train);
  });

  it('a run with caught per-ticker failures: one row per ticker, counts, a working filter', async () => {
    expect(runs.caught.status).toBe('SUCCEEDED');
    const opened = await open(runs.caught);
    const { page } = opened;
    await expectGraph(opened, runs.caught, { CollectBars: 'succeeded', TrainModel: 'succeeded' });
    const rows = () =>
      page.$$eval('#ticker-table tbody tr', (trs) =>
        trs.map((tr) => ({
          ticker: tr.getAttribute('data-ticker'),
          status: tr.getAttribute('data-status'),
        })),
      );
    const all = await rows();
    expect(all.map((r) => r.ticker).sort()).toStrictEqual([...tickers].sort());
    expect(all.filter((r) => r.status === 'failed').map((r) => r.ticker)).toStrictEqual(failing);
    expect(await page.textContent('[data-count="failed"] b')).toBe('2');
    expect(await page.textContent('[data-count="ok"] b')).toBe('23');

    await page.fill('#ticker-filter', 'ProviderUnavailable');
    expect((await rows()).map((r) => r.ticker)).toStrictEqual(failing);
    expect(await page.textContent('#ticker-table tbody')).toContain('HTTP 500');
    await page.fill('#ticker-filter', 'syn1');
    expect((await rows()).map((r) => r.ticker)).toStrictEqual(
      tickers.filter((t) => t.startsWith('SYN1')),
    );
    await page.fill('#ticker-filter', '');
    await page.selectOption('#ticker-status', 'failed');
    expect((await rows()).map((r) => r.ticker)).toStrictEqual(failing);
    await page.selectOption('#ticker-status', '');
    // Sorting: by status puts 'failed' before 'ok'; again, reversed.
    await page.click('th[data-sort="status"]');
    expect((await rows()).slice(0, 2).map((r) => r.status)).toStrictEqual(['failed', 'failed']);
    await page.click('th[data-sort="status"]');
    expect((await rows()).slice(-2).map((r) => r.status)).toStrictEqual(['failed', 'failed']);
    await close(opened);

    // collect-bars' own report: the download Lambda caught per ticker.
    const collect = await open(nestedReport(runs.caught, 'collect'));
    await expectGraph(
      collect,
      runs.caught,
      {
        DownloadTicker: 'caught',
        RecordDownloadFailure: 'succeeded',
      },
      'collect',
    );
    await close(collect);
  });

  it("shows the run's estimated cost, its nested runs' included: transitions, Lambda invocations and the cluster, priced", async () => {
    const recordOf = (folder: string) =>
      JSON.parse(readFileSync(join(folder, 'record.json'), 'utf8')) as {
        billableTransitions: number;
        clusters: Array<{ id: string }>;
      };
    const folder = dirname(runs.ok.locations.report as string);
    const own = recordOf(folder);
    const collect = recordOf(`${folder}-collect`);
    const train = recordOf(`${folder}-train`);
    const opened = await open(runs.ok);
    const { page } = opened;
    expect(await page.textContent('#cost-section h2')).toContain('estimate');
    const row = (service: string) =>
      page.textContent(`#cost-table tr[data-service="${service}"]`).then((t) => t ?? '');
    const transitions =
      own.billableTransitions + collect.billableTransitions + train.billableTransitions;
    expect(own.billableTransitions).toBeGreaterThan(0);
    expect(collect.billableTransitions).toBeGreaterThan(own.billableTransitions);
    expect(await row('Step Functions')).toContain(`${transitions} billable state transitions`);
    // collect-bars: PrepareInput once, DownloadTicker once per ticker (5); train-model: PrepareInput.
    expect(await row('Lambda')).toContain('7 invocations');
    expect(await row('Lambda')).toContain('market-pipeline-download-ticker: 5 × 512 MB');
    // The run's record lists the nested run's cluster too: it is priced once.
    expect(train.clusters).toHaveLength(1);
    expect(own.clusters.map((c) => c.id)).toStrictEqual(train.clusters.map((c) => c.id));
    expect(await row(`EMR ${train.clusters[0]?.id}`)).toMatch(/cluster minutes/);
    expect(await page.$$eval('#cost-table tr[data-service^="EMR"]', (rows) => rows.length)).toBe(1);
    expect(await page.textContent('#cost-section')).toContain(
      'includes the nested runs report-ok-collect, report-ok-train',
    );
    expect(await page.textContent('#cost-total')).toMatch(/^\$\d/);
    await close(opened);
  });

  it("links a parent's startExecution state to its nested run's report, and the nested report back", async () => {
    const parentFile = runs.parent.locations.report as string;
    const opened = await open(runs.parent);
    const { page } = opened;
    expect(await page.textContent('#nested-runs')).toContain(
      'Collect → report-parent-collect SUCCEEDED',
    );
    const href = await page.getAttribute('#nested-runs a.nested-link', 'href');
    expect(href).toBe('../report-parent-collect/report.html');
    const childFile = join(dirname(parentFile), href as string);
    expect(existsSync(childFile)).toBe(true);
    // The state's details link to it too.
    await page.click('.node[data-state="Collect"]');
    expect(await page.getAttribute('#details .nested-run a.nested-link', 'href')).toBe(href);
    await close(opened);

    const child = await open(childFile);
    expect(await child.page.textContent('#parent-run')).toBe('nested run of report-parent');
    const back = await child.page.getAttribute('#parent-run a.parent-link', 'href');
    expect(back).toBe('../report-parent/report.html');
    expect(join(dirname(childFile), back as string)).toBe(parentFile);
    expect(existsSync(parentFile)).toBe(true);
    // The nested run's own report: collect-bars' states and its two tickers.
    expect(await child.page.textContent('h1')).toContain('collect-bars · report-parent-collect');
    expect(await child.page.locator('#ticker-table tbody tr').count()).toBe(2);
    await close(child);
  });

  it('a distributed Map run: its Map Run children in the timeline, every ticker of their batches in the table', async () => {
    expect(runs.distributed.status).toBe('SUCCEEDED');
    const opened = await open(runs.distributed);
    const { page } = opened;
    const titles = await page.$$eval('#timeline-svg rect.bar title', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(
      titles
        .filter((t) => t.startsWith('DownloadTickers #'))
        .map((t) => t.split(':')[0])
        .sort(),
    ).toStrictEqual(['DownloadTickers #0 (25 items)', 'DownloadTickers #1 (5 items)']);
    expect(await page.$$eval('#ticker-table tbody tr', (rows) => rows.length)).toBe(30);
    expect(await page.textContent('#ticker-table tbody')).toContain('SYN30');
    const statuses = Object.fromEntries((await nodes(page)).map((n) => [n.name, n.status]));
    expect(statuses).toMatchObject({
      DownloadBatch: 'succeeded',
      RecordBatchFailure: 'not-entered',
    });
    await close(opened);
  });

  it('the comparison page: one row per run linking to its report, accuracy over time drawn', async () => {
    const stateDir = join(dir, 'state');
    const file = writeCompare(stateDir, 'market-data-pipeline');
    expect(file).toBe(join(stateDir, 'runs', 'compare-market-data-pipeline.html'));
    const opened = await open(file);
    const { page } = opened;
    const rows = await page.$$eval('#runs-table tbody tr', (trs) =>
      trs.map((tr) => ({
        execution: tr.getAttribute('data-execution'),
        status: tr.getAttribute('data-status'),
        href: tr.querySelector('a')?.getAttribute('href') ?? '',
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
      })),
    );
    expect(rows.map((r) => r.execution).sort()).toStrictEqual(
      ['report-caught', 'report-ok', 'report-train-fails'].sort(),
    );
    expect(Object.fromEntries(rows.map((r) => [r.execution, r.status]))).toStrictEqual({
      'report-ok': 'SUCCEEDED',
      'report-train-fails': 'FAILED',
      'report-caught': 'SUCCEEDED',
    });
    for (const row of rows) {
      expect(existsSync(join(dirname(file), decodeURIComponent(row.href))), row.href).toBe(true);
    }
    // tickers ok, failed: the caught run's 23 and 2.
    expect(rows.find((r) => r.execution === 'report-caught')?.cells.slice(4, 6)).toStrictEqual([
      '23',
      '2',
    ]);
    expect(rows.every((r) => /^\$\d/.test(r.cells[10] ?? ''))).toBe(true);
    // One readback per canvas: a second one logs Chrome's willReadFrequently warning.
    expect(await pixelsOf(page, 'chart-accuracy', '#0969da')).toBeGreaterThan(20);
    await close(opened);
  });

  it('a 600-ticker run draws 500 ticker rows, then all of them on request; the filter searches all', async () => {
    // The caught run's collect-bars iterations cloned to 600 tickers (bench/report/scale-history.ts).
    const from = dirname(nestedReport(runs.caught, 'collect'));
    const folder = join(dir, 'state', 'runs', 'report-600');
    mkdirSync(folder, { recursive: true });
    const events = JSON.parse(readFileSync(join(from, 'history.json'), 'utf8'));
    const ticker = (i: number) => `X${String(i + 1).padStart(4, '0')}`;
    writeFileSync(join(folder, 'history.json'), JSON.stringify(scaleHistory(events, ticker, 600)));
    const record = JSON.parse(readFileSync(join(from, 'record.json'), 'utf8'));
    writeFileSync(
      join(folder, 'record.json'),
      JSON.stringify({ ...record, executionName: 'report-600', workflow: 'report-600-test' }),
    );
    writeFileSync(
      join(folder, 'definition.asl.json'),
      readFileSync(join(from, 'definition.asl.json')),
    );
    const opened = await open(writeReport(folder));
    const { page } = opened;
    const count = () => page.$$eval('#ticker-table tbody tr', (trs) => trs.length);
    expect(await page.textContent('#ticker-counts b')).toBe('600');
    expect(await count()).toBe(500);
    expect(await page.textContent('#ticker-more')).toContain('showing 500 of 600');
    await page.fill('#ticker-filter', 'X0600');
    expect(await count()).toBe(1);
    await page.fill('#ticker-filter', '');
    await page.click('#ticker-show-all');
    expect(await count()).toBe(600);
    expect(await page.textContent('#ticker-more')).toBe('');
    await close(opened);
  });

  it('is one self-contained file', () => {
    const html = readFileSync(runs.caught.locations.report as string, 'utf8');
    expect(html).not.toMatch(
      /<script[^>]+src=|<link[^>]+stylesheet|https?:\/\/(?!www\.w3\.org\/2000\/svg)/,
    );
    expect(statSync(runs.caught.locations.report as string).size).toBeLessThan(1_000_000);
  });
});
