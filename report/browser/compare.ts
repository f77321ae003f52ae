/**
 * The comparison page's browser script (bundled by report/html.ts into compare-<workflow>.html):
 * the runs table, each row linking to its report, and accuracy over time against the baseline.
 */
import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { STATUS_COLOURS } from '../colours.ts';
import type { CompareModel, CompareRow } from '../compare-model.ts';
import { formatUsd } from '../cost.ts';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

function el(tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string>) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

const fixed = (value: number | undefined, digits = 3) =>
  value === undefined ? '' : value.toFixed(digits);
const start = (row: CompareRow) => row.startDate?.replace('T', ' ').replace(/\.\d+Z$/, 'Z') ?? '?';

function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function statusColour(status: CompareRow['status']): string {
  return status === 'SUCCEEDED' ? STATUS_COLOURS.succeeded : STATUS_COLOURS.failed;
}

function table(model: CompareModel): HTMLElement {
  const num = (text: string) => el('td', { class: 'num' }, text);
  const header = [
    'execution',
    'status',
    'start',
    'duration',
    'tickers ok',
    'tickers failed',
    'rows',
    'accuracy',
    'baseline',
    'AUC',
    'cost (estimate)',
  ];
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { id: 'runs-table' },
      el('thead', {}, el('tr', {}, ...header.map((h) => el('th', {}, h)))),
      el(
        'tbody',
        {},
        ...model.runs.map((r) =>
          el(
            'tr',
            { 'data-execution': r.executionName, 'data-status': r.status },
            el('td', {}, el('a', { href: r.href }, r.executionName)),
            el(
              'td',
              {},
              el(
                'span',
                { class: 'badge', style: `background:${statusColour(r.status)}` },
                r.status,
              ),
            ),
            el('td', {}, start(r)),
            num(duration(r.durationMs)),
            num(r.tickersOk === undefined ? '' : String(r.tickersOk)),
            num(r.tickersFailed === undefined ? '' : String(r.tickersFailed)),
            num(r.rows === undefined ? '' : String(r.rows)),
            num(fixed(r.accuracy)),
            num(fixed(r.baselineAccuracy)),
            num(fixed(r.auc)),
            num(formatUsd(r.costUsd)),
          ),
        ),
      ),
    ),
  );
}

function accuracyChart(model: CompareModel): HTMLElement {
  const trained = model.runs.filter((r) => r.accuracy !== undefined).reverse();
  const section = el('section', { id: 'trend-section' }, el('h2', {}, 'Accuracy over time'));
  if (trained.length === 0) {
    section.append(el('p', { class: 'note', id: 'trend-note' }, 'no run with metrics.json yet'));
    return section;
  }
  const canvas = el('canvas', { id: 'chart-accuracy', width: '760', height: '280' });
  section.append(el('div', { class: 'chart' }, canvas));
  queueMicrotask(() => {
    new Chart(canvas as HTMLCanvasElement, {
      type: 'line',
      data: {
        labels: trained.map(start),
        datasets: [
          {
            label: 'accuracy',
            data: trained.map((r) => r.accuracy ?? null),
            borderColor: '#0969da',
            backgroundColor: '#0969da',
          },
          {
            label: 'baseline',
            data: trained.map((r) => r.baselineAccuracy ?? null),
            borderColor: '#8c959f',
            backgroundColor: '#8c959f',
            borderDash: [5, 4],
          },
        ],
      },
      options: {
        animation: false,
        responsive: false,
        scales: { y: { min: 0, max: 1 } },
        plugins: { legend: { display: true } },
      },
    });
  });
  return section;
}

function main(): void {
  const model = JSON.parse(
    document.getElementById('report-data')?.textContent ?? '{}',
  ) as CompareModel;
  const app = document.getElementById('app') as HTMLElement;
  app.append(
    el(
      'header',
      {},
      el('h1', {}, `${model.workflow}: recent local runs`),
      el(
        'div',
        { class: 'meta' },
        `${model.runs.length} runs, newest first; cost is an estimate of the same run on AWS (see each report)`,
      ),
    ),
    el(
      'main',
      {},
      accuracyChart(model),
      el('section', { id: 'runs-section' }, el('h2', {}, 'Runs'), table(model)),
    ),
  );
  document.body.dataset.ready = 'true';
}

main();
