/**
 * The run report's browser script (bundled with esbuild into report.html by report/html.ts):
 * reads the report model from `#report-data` and draws the header, the state graph (dagre, SVG),
 * the timeline (SVG), the ticker table and the model's charts (chart.js).
 */
import dagre from '@dagrejs/dagre';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { STATUS_COLOURS, STATUS_LABELS } from '../colours.ts';
import type { NestedRun, ReportModel, ReportState, StateStatus, TickerRow } from '../model.ts';
import { costSection } from './cost.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const SVG = 'http://www.w3.org/2000/svg';

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

function s(tag: string, attrs: Record<string, string | number> = {}, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const sec = ms / 1000;
  if (sec < 60) return `${sec.toFixed(sec < 10 ? 2 : 1)} s`;
  const min = Math.floor(sec / 60);
  return `${min} min ${Math.round(sec - min * 60)} s`;
}

const pretty = (text: string | undefined): string => {
  if (text === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

function legend(): HTMLElement {
  const el = h('div', { class: 'legend' });
  for (const status of Object.keys(STATUS_COLOURS) as StateStatus[]) {
    el.append(h('span', { style: `--c: ${STATUS_COLOURS[status]}` }, STATUS_LABELS[status]));
  }
  return el;
}

function header(model: ReportModel): HTMLElement {
  const r = model.record;
  const colour =
    r.status === 'SUCCEEDED'
      ? STATUS_COLOURS.succeeded
      : r.status === 'ABORTED'
        ? '#6e7781'
        : STATUS_COLOURS.failed;
  const el = h(
    'header',
    {},
    h(
      'h1',
      {},
      `${r.workflow} · ${r.executionName} `,
      h('span', { class: 'badge', id: 'status', style: `background:${colour}` }, r.status),
    ),
    h(
      'div',
      { class: 'meta' },
      h('span', {}, `started ${r.startDate ?? '?'}`),
      h('span', {}, `duration ${r.durationMs !== undefined ? formatMs(r.durationMs) : '?'}`),
      h('span', {}, r.executionArn),
      ...r.clusters.map((c) => h('span', {}, `cluster ${c.id} ${c.state}`)),
    ),
  );
  if (model.parent) {
    el.append(
      h(
        'div',
        { class: 'meta', id: 'parent-run' },
        'nested run of ',
        runLink(model.parent.name, model.parent.href, 'parent-link'),
      ),
    );
  }
  if (model.children && model.children.length > 0) {
    el.append(
      h(
        'div',
        { class: 'meta', id: 'nested-runs' },
        'nested runs: ',
        ...model.children.flatMap((c, i) => [
          i > 0 ? ', ' : '',
          `${c.state} → `,
          runLink(c.name, c.href, 'nested-link'),
          ` ${c.status ?? 'started'}${c.failedState ? ` in ${c.failedState}` : ''}`,
        ]),
      ),
    );
  }
  if (r.status !== 'SUCCEEDED') {
    el.append(
      h(
        'div',
        { class: 'failure', id: 'failure' },
        h('b', {}, `${r.error ?? r.status}`),
        model.failedState ? ` in ${model.failedState}` : '',
        model.nestedFailure
          ? h(
              'span',
              { id: 'failure-nested' },
              `: nested run ${model.nestedFailure.name} failed in ${model.nestedFailure.state}`,
            )
          : '',
        r.causeSummary
          ? h(
              'div',
              { id: 'failure-cause' },
              r.causeSummary.length > 600 ? `${r.causeSummary.slice(0, 600)}…` : r.causeSummary,
            )
          : '',
      ),
    );
  }
  return el;
}

/** A link to a nested or parent run's report when it is recorded beside this one, else its name. */
function runLink(name: string, href: string | undefined, cls: string): HTMLElement {
  return href ? h('a', { class: cls, href }, name) : h('span', { class: cls }, name);
}

function showDetails(panel: HTMLElement, state: ReportState, nested: NestedRun[] = []): void {
  panel.replaceChildren(
    h('h3', {}, state.name),
    h(
      'div',
      {},
      `${state.type} · `,
      h(
        'span',
        {
          class: 'badge',
          style: `background:${STATUS_COLOURS[state.status]}`,
          'data-status': state.status,
        },
        STATUS_LABELS[state.status],
      ),
    ),
    h(
      'p',
      {},
      `entered ${state.entries}× · ${formatMs(state.durationMs)} in total · ${state.retries} retries · ${state.caught} caught`,
    ),
    ...(state.comment ? [h('p', { class: 'note' }, state.comment)] : []),
    ...nested.map((c) =>
      h(
        'div',
        { class: 'nested-run' },
        'Nested run: ',
        runLink(c.name, c.href, 'nested-link'),
        ` ${c.status ?? 'started'}${c.error ? ` (${c.error})` : ''}`,
      ),
    ),
    ...(state.error
      ? [h('div', {}, 'Error: ', h('span', { class: 'error', id: 'detail-error' }, state.error))]
      : []),
    ...(state.cause
      ? [h('div', {}, 'Cause:'), h('pre', { id: 'detail-cause' }, pretty(state.cause))]
      : []),
    ...(state.input !== undefined
      ? [h('div', {}, 'Input:'), h('pre', { id: 'detail-input' }, pretty(state.input))]
      : []),
    ...(state.output !== undefined
      ? [h('div', {}, 'Output:'), h('pre', { id: 'detail-output' }, pretty(state.output))]
      : []),
  );
  panel.dataset.state = state.name;
}

function graphSection(model: ReportModel): {
  section: HTMLElement;
  select: (name: string) => void;
} {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 26, ranksep: 38, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const W = 190;
  const H = 50;
  for (const st of model.states) g.setNode(st.name, { width: W, height: H });
  model.edges.forEach((e, i) => {
    if (g.hasNode(e.from) && g.hasNode(e.to)) {
      g.setEdge(
        e.from,
        e.to,
        { label: e.label ?? '', width: e.label ? 60 : 0, height: e.label ? 12 : 0 },
        `e${i}`,
      );
    }
  });
  dagre.layout(g);
  const graph = g.graph();
  const svg = s('svg', {
    width: Math.ceil(graph.width ?? 400),
    height: Math.ceil(graph.height ?? 300),
    id: 'graph-svg',
  });
  const defs = s('defs');
  const marker = s('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8c959f' }));
  defs.append(marker);
  svg.append(defs);
  model.edges.forEach((e, i) => {
    const edge = g.edge({ v: e.from, w: e.to, name: `e${i}` }) as
      | { points?: Array<{ x: number; y: number }>; x?: number; y?: number }
      | undefined;
    if (!edge?.points) return;
    const d = edge.points
      .map((p, j) => `${j === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`)
      .join(' ');
    svg.append(
      s('path', {
        d,
        class: `edge ${e.kind}`,
        'marker-end': 'url(#arrow)',
        'data-from': e.from,
        'data-to': e.to,
      }),
    );
    if (e.label && edge.x !== undefined && edge.y !== undefined) {
      svg.append(
        s(
          'text',
          { x: edge.x, y: edge.y, class: 'edge-label', 'text-anchor': 'middle' },
          e.label.length > 28 ? `${e.label.slice(0, 27)}…` : e.label,
        ),
      );
    }
  });
  const details = h(
    'div',
    { class: 'details', id: 'details' },
    h('p', { class: 'note' }, 'Click a state to see its input, output, error and cause.'),
  );
  const nodes = new Map<string, SVGElement>();
  const byName = new Map(model.states.map((st) => [st.name, st]));
  const select = (name: string) => {
    for (const [n, el] of nodes) el.classList.toggle('selected', n === name);
    const st = byName.get(name);
    if (st) {
      showDetails(
        details,
        st,
        (model.children ?? []).filter((c) => c.state === st.name),
      );
    }
  };
  for (const st of model.states) {
    const n = g.node(st.name) as { x: number; y: number };
    const group = s('g', {
      class: 'node',
      transform: `translate(${(n.x - W / 2).toFixed(1)}, ${(n.y - H / 2).toFixed(1)})`,
      'data-state': st.name,
      'data-status': st.status,
    });
    const fill = STATUS_COLOURS[st.status];
    group.append(s('rect', { width: W, height: H, rx: st.type === 'Choice' ? 18 : 6, fill }));
    const light = st.status === 'not-entered' || st.status === 'retried';
    const colour = light ? '#1f2328' : '#fff';
    group.append(
      s(
        'text',
        { x: 8, y: 18, fill: colour, 'font-weight': 600 },
        st.name.length > 26 ? `${st.name.slice(0, 25)}…` : st.name,
      ),
    );
    const bits = [st.type];
    if (st.entries > 0) bits.push(formatMs(st.durationMs));
    if (st.entries > 1) bits.push(`×${st.entries}`);
    if (st.retries > 0) bits.push(`↻${st.retries}`);
    if (st.caught > 0) bits.push(`caught ${st.caught}`);
    group.append(s('text', { x: 8, y: 36, fill: colour, class: 'sub' }, bits.join(' · ')));
    const title = s('title', {}, `${st.name}: ${STATUS_LABELS[st.status]}`);
    group.append(title);
    group.addEventListener('click', () => select(st.name));
    nodes.set(st.name, group);
    svg.append(group);
  }
  const section = h(
    'section',
    { id: 'graph-section' },
    h('h2', {}, 'States'),
    legend(),
    h(
      'div',
      { class: 'graph-wrap' },
      h('div', { class: 'graph', id: 'graph' }, svg as unknown as Node),
      details,
    ),
  );
  return { section, select };
}

function timelineSection(model: ReportModel, select: (name: string) => void): HTMLElement {
  const { start, end, bars } = model.timeline;
  // Row of each label, by a Map: a 5,000-ticker run has 5,000 iteration rows.
  const rowIndex = new Map<string, number>();
  for (const bar of bars) if (!rowIndex.has(bar.row)) rowIndex.set(bar.row, rowIndex.size);
  const rows = [...rowIndex.keys()];
  const labelW = 210;
  const plotW = 820;
  const rowH = 16;
  const top = 22;
  const span = Math.max(end - start, 1);
  const x = (t: number) => labelW + ((t - start) / span) * plotW;
  const svg = s('svg', {
    width: labelW + plotW + 70,
    height: top + rows.length * rowH + 8,
    id: 'timeline-svg',
  });
  for (let i = 0; i <= 4; i++) {
    const t = start + (span * i) / 4;
    svg.append(
      s('line', {
        x1: x(t),
        x2: x(t),
        y1: top - 4,
        y2: top + rows.length * rowH,
        stroke: '#eaeef2',
      }),
    );
    svg.append(
      s(
        'text',
        { x: x(t), y: 12, 'text-anchor': 'middle', fill: '#59636e' },
        `+${formatMs(t - start)}`,
      ),
    );
  }
  rows.forEach((row, i) => {
    svg.append(
      s(
        'text',
        { x: labelW - 6, y: top + i * rowH + 11, 'text-anchor': 'end' },
        row.length > 34 ? `${row.slice(0, 33)}…` : row,
      ),
    );
  });
  for (const bar of bars) {
    const i = rowIndex.get(bar.row) ?? 0;
    const rect = s('rect', {
      class: 'bar',
      x: x(bar.start),
      y: top + i * rowH + 2,
      width: Math.max(x(bar.end) - x(bar.start), 2),
      height: rowH - 4,
      rx: 2,
      fill: STATUS_COLOURS[bar.status],
      'data-state': bar.state,
      'data-status': bar.status,
    });
    rect.append(
      s('title', {}, `${bar.row}: ${formatMs(bar.end - bar.start)} (${STATUS_LABELS[bar.status]})`),
    );
    rect.addEventListener('click', () => select(bar.state));
    svg.append(rect);
  }
  return h(
    'section',
    { id: 'timeline-section' },
    h('h2', {}, 'Timeline'),
    h('div', { class: 'timeline' }, svg as unknown as Node),
  );
}

/** Ticker rows drawn before "show all". */
const TICKER_ROWS_SHOWN = 500;

type SortKey = 'ticker' | 'status' | 'rows' | 'retries' | 'durationMs' | 'error';

function tickersSection(model: ReportModel): HTMLElement | undefined {
  const t = model.tickers;
  if (!t) return undefined;
  const counts = new Map<string, number>();
  for (const r of t.rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const countsEl = h(
    'div',
    { class: 'counts', id: 'ticker-counts' },
    h('span', {}, h('b', {}, String(t.rows.length)), ' tickers'),
  );
  for (const [status, n] of [...counts].sort()) {
    countsEl.append(h('span', { 'data-count': status }, h('b', {}, String(n)), ` ${status}`));
  }
  const filter = h('input', {
    type: 'search',
    id: 'ticker-filter',
    placeholder: 'filter: ticker, status, error…',
  });
  const statusSelect = h(
    'select',
    { id: 'ticker-status' },
    h('option', { value: '' }, 'any status'),
  );
  for (const status of counts.keys()) statusSelect.append(h('option', { value: status }, status));
  const tbody = h('tbody');
  // A 5,000-row table takes Chrome about a second to lay out: the first rows, then on request all.
  let limit = TICKER_ROWS_SHOWN;
  const more = h('p', { class: 'note', id: 'ticker-more' });
  let sortKey: SortKey = 'ticker';
  let descending = false;
  const columns: Array<[SortKey, string]> = [
    ['ticker', 'Ticker'],
    ['status', 'Status'],
    ['rows', 'Rows'],
    ['retries', 'Retries'],
    ['durationMs', 'Duration'],
    ['error', 'Error / cause'],
  ];
  // One collator for the whole sort: localeCompare builds one per call (slow for 5,000 rows).
  const collator = new Intl.Collator();
  const value = (r: TickerRow, k: SortKey): string | number =>
    k === 'error' ? (r.error ?? '') : (r[k] ?? -1);
  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    const only = statusSelect.value;
    const rows = t.rows
      .filter((r) => !only || r.status === only)
      .filter(
        (r) =>
          !q ||
          [r.ticker, r.status, r.error ?? '', r.cause ?? ''].some((f) =>
            f.toLowerCase().includes(q),
          ),
      )
      .sort((a, b) => {
        const [x, y] = [value(a, sortKey), value(b, sortKey)];
        const c =
          typeof x === 'number' && typeof y === 'number'
            ? x - y
            : collator.compare(String(x), String(y));
        return descending ? -c : c;
      });
    const shown = rows.slice(0, limit);
    more.replaceChildren();
    if (shown.length < rows.length) {
      const all = h('button', { type: 'button', id: 'ticker-show-all' }, `show all ${rows.length}`);
      all.addEventListener('click', () => {
        limit = Number.POSITIVE_INFINITY;
        draw();
      });
      more.append(`showing ${shown.length} of ${rows.length} rows (the filter searches all) `, all);
    }
    tbody.replaceChildren(
      ...shown.map((r) =>
        h(
          'tr',
          { 'data-ticker': r.ticker, 'data-status': r.status },
          h('td', {}, r.ticker),
          h(
            'td',
            {},
            h(
              'span',
              {
                class: 'badge',
                style: `background:${r.status === 'ok' ? STATUS_COLOURS.succeeded : r.status === 'failed' ? STATUS_COLOURS.failed : '#6e7781'}`,
              },
              r.status,
            ),
          ),
          h('td', { class: 'num' }, r.rows === undefined ? '' : String(r.rows)),
          h('td', { class: 'num' }, String(r.retries)),
          h('td', { class: 'num' }, formatMs(r.durationMs)),
          h(
            'td',
            { class: 'cause' },
            r.error ? h('b', {}, r.error) : '',
            r.cause ? ` ${r.cause}` : '',
          ),
        ),
      ),
    );
  };
  const headRow = h('tr');
  for (const [key, label] of columns) {
    const th = h('th', { 'data-sort': key }, label);
    th.addEventListener('click', () => {
      descending = sortKey === key ? !descending : false;
      sortKey = key;
      draw();
    });
    headRow.append(th);
  }
  const redraw = () => {
    limit = TICKER_ROWS_SHOWN;
    draw();
  };
  filter.addEventListener('input', redraw);
  statusSelect.addEventListener('change', redraw);
  draw();
  return h(
    'section',
    { id: 'tickers-section' },
    h('h2', {}, `Tickers (${t.nestedRun ? `${t.map} of nested run ${t.nestedRun}` : t.map})`),
    countsEl,
    h('div', { class: 'filters' }, filter, statusSelect),
    h(
      'div',
      { class: 'table-wrap' },
      h('table', { id: 'ticker-table' }, h('thead', {}, headRow), tbody),
    ),
    more,
  );
}

function chart(
  title: string,
  id: string,
  config: ChartConfiguration,
  width = 360,
  height = 240,
): HTMLElement {
  const canvas = h('canvas', { id, width: String(width), height: String(height) });
  const box = h('div', { class: 'chart' }, h('h3', {}, title), canvas);
  // Drawn once the canvas is in the page.
  queueMicrotask(() => {
    new Chart(canvas, {
      ...config,
      options: { ...(config.options ?? {}), animation: false, responsive: false },
    } as ChartConfiguration);
  });
  return box;
}

function modelSection(model: ReportModel): HTMLElement {
  const m = model.metrics;
  const section = h('section', { id: 'model-section' }, h('h2', {}, 'Model'));
  if (!m) {
    section.append(h('p', { class: 'note', id: 'model-note' }, model.metricsNote ?? 'no metrics'));
    return section;
  }
  const facts = [
    m.rows !== undefined
      ? `${m.rows} rows${m.testRows !== undefined ? ` (${m.testRows} test)` : ''}`
      : '',
    m.tickers !== undefined ? `${m.tickers} tickers` : '',
    m.auc !== undefined ? `AUC ${m.auc.toFixed(3)}` : '',
    `from ${m.source}`,
  ].filter(Boolean);
  section.append(h('p', { class: 'note' }, facts.join(' · ')));
  const charts = h('div', { class: 'charts' });
  const scores: Array<[string, number | undefined, string]> = [
    ['accuracy', m.accuracy, '#0969da'],
    ['baseline', m.baselineAccuracy, '#8c959f'],
    ['AUC', m.auc, '#8250df'],
    ['precision', m.precision, '#1a7f37'],
    ['recall', m.recall, '#bf8700'],
  ];
  const present = scores.filter((x): x is [string, number, string] => x[1] !== undefined);
  if (present.length > 0) {
    charts.append(
      chart('Accuracy vs baseline', 'chart-scores', {
        type: 'bar',
        data: {
          labels: present.map((x) => x[0]),
          datasets: [
            {
              label: 'score',
              data: present.map((x) => x[1]),
              backgroundColor: present.map((x) => x[2]),
            },
          ],
        },
        options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 1 } } },
      }),
    );
  }
  if (m.confusion) {
    const c = m.confusion;
    charts.append(
      chart('Confusion matrix (test)', 'chart-confusion', {
        type: 'bar',
        data: {
          labels: ['actual up (1)', 'actual down (0)'],
          datasets: [
            { label: 'predicted 1', data: [c.tp, c.fp], backgroundColor: '#1a7f37' },
            { label: 'predicted 0', data: [c.fn, c.tn], backgroundColor: '#cf222e' },
          ],
        },
        options: { plugins: { legend: { display: true } } },
      }),
    );
  }
  if (m.featureImportances) {
    const f = m.featureImportances;
    charts.append(
      chart(
        'Feature importances',
        'chart-importances',
        {
          type: 'bar',
          data: {
            labels: f.map((x) => x.feature),
            datasets: [
              { label: 'importance', data: f.map((x) => x.importance), backgroundColor: '#0969da' },
            ],
          },
          options: { indexAxis: 'y', plugins: { legend: { display: false } } },
        },
        420,
        Math.max(160, 26 * f.length + 40),
      ),
    );
  }
  section.append(charts);
  return section;
}

function main(): void {
  const data = document.getElementById('report-data')?.textContent ?? '{}';
  const model = JSON.parse(data) as ReportModel;
  const app = document.getElementById('app') as HTMLElement;
  const graph = graphSection(model);
  const tickers = tickersSection(model);
  app.append(
    header(model),
    h(
      'main',
      {},
      graph.section,
      timelineSection(model, graph.select),
      ...(tickers ? [tickers] : []),
      modelSection(model),
      costSection(model.cost),
    ),
  );
  // Failure first: a failed run opens on the state it failed in.
  const open = model.failedState ?? model.startAt;
  graph.select(open);
  if (model.failedState) {
    document
      .querySelector(`.node[data-state="${CSS.escape(model.failedState)}"]`)
      ?.scrollIntoView({ block: 'center' });
  }
  document.body.dataset.ready = 'true';
}

main();
