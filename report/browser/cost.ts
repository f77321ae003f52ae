/**
 * The report's cost panel: what this run would cost on AWS, estimated from its history and the
 * EMR ledger with the dry run's list prices (report/cost.ts).
 */
import { formatUsd, type RunCost } from '../cost.ts';

function el(tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string>) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

const num = (text: string) => el('td', { class: 'num' }, text);

export function costSection(cost: RunCost): HTMLElement {
  const rows: Array<[string, string, string]> = [
    [
      'Step Functions',
      `${cost.transitions.count} billable state transitions`,
      formatUsd(cost.transitions.usd),
    ],
    [
      'Lambda',
      `${cost.lambda.invocations} invocations, ${cost.lambda.gbSeconds.toFixed(3)} GB-s (${
        cost.lambda.byFunction
          .map((f) => `${f.name}: ${f.invocations} × ${f.memoryMb} MB, ${f.seconds.toFixed(2)} s`)
          .join('; ') || 'none'
      })`,
      formatUsd(cost.lambda.usd),
    ],
    ...cost.clusters.map((c): [string, string, string] => [
      `EMR ${c.id}`,
      `${c.minutes.toFixed(1)} cluster minutes, ${c.instanceHours.toFixed(2)} instance-hours${
        c.source
          ? ` (estimate from ${c.source}: creation to end × instance groups${
              c.normalizedInstanceHours !== undefined
                ? `; EMR reports ${c.normalizedInstanceHours} normalized instance hours`
                : ''
            })`
          : ''
      }`,
      formatUsd(c.usd),
    ]),
  ];
  const table = el(
    'table',
    { id: 'cost-table' },
    el(
      'thead',
      {},
      el('tr', {}, el('th', {}, 'service'), el('th', {}, 'usage'), el('th', {}, 'USD')),
    ),
    el(
      'tbody',
      {},
      ...rows.map(([service, usage, usd]) =>
        el('tr', { 'data-service': service }, el('td', {}, service), el('td', {}, usage), num(usd)),
      ),
      el(
        'tr',
        { 'data-service': 'total' },
        el('td', {}, el('b', {}, 'total (estimate)')),
        el('td', {}, ''),
        el('td', { class: 'num', id: 'cost-total' }, el('b', {}, formatUsd(cost.totalUsd))),
      ),
    ),
  );
  return el(
    'section',
    { id: 'cost-section' },
    el('h2', {}, 'Cost of this run (estimate)'),
    el(
      'p',
      { class: 'note' },
      'What this run would cost on AWS (us-east-1 list prices, as the dry run assumes): transitions the engine billed, Lambda durations from the history × each function’s memory, cluster lifetime in the EMR ledger × its instances (on-demand, per-second billing and Spot left out). Local durations are this machine’s.',
    ),
    table,
    ...cost.notes.map((n) => el('p', { class: 'note' }, n)),
  );
}
