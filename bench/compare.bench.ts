/**
 * `npm run bench -- compare`: our engine against aws-local-stepfunctions 3 on the same workload
 * (bench/compare/workload.ts: an inline Map of Task + Pass items), in the same run, both under the
 * pinned Node 22 of bench/compare/package.json (aws-local-stepfunctions 3 needs Node 22; the
 * `node` package is kept out of the project's node_modules so it never shadows Node 20). Each
 * engine, language and size runs in its own process: best wall time of 5 rounds, CPU time of
 * that round, peak RSS. aws-local-stepfunctions runs JSONPath only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transitionsOf } from './compare/workload.ts';
import type { Bench } from './types.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'compare');
const node22 = join(dir, 'node_modules', '.bin', 'node');
const SIZES = [100, 2_500];
const ROUNDS = 5;
const TARGET_RATIO = 2;
const MEMORY_MB = 250;

type Line = {
  engine: 'ours' | 'als';
  language: 'JSONPath' | 'JSONata';
  items: number;
  node: string;
  bestMs?: number;
  cpuMs?: number;
  failure?: string;
  peakRssMb: number;
};

function ensureDependencies(log: (line: string) => void): void {
  if (existsSync(node22) && existsSync(join(dir, 'node_modules', 'aws-local-stepfunctions')))
    return;
  log('installing the comparison dependencies (npm ci --prefix bench/compare)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', dir], { stdio: 'inherit' });
}

function measure(engine: Line['engine'], language: Line['language'], items: number): Line {
  const out = spawnSync(
    node22,
    ['--import', 'tsx', join(dir, 'worker.ts'), engine, language, String(items), String(ROUNDS)],
    { encoding: 'utf8', cwd: join(dir, '..', '..') },
  );
  const last = out.stdout.trim().split('\n').at(-1) ?? '';
  if (out.status !== 0 || !last.startsWith('{')) {
    throw new Error(`worker ${engine} ${language} ${items} failed:\n${out.stderr}`);
  }
  return JSON.parse(last) as Line;
}

const perSecond = (line: Line) =>
  line.bestMs === undefined ? undefined : (transitionsOf(line.items) / line.bestMs) * 1000;
const perCpuSecond = (line: Line) =>
  line.cpuMs === undefined || line.cpuMs === 0
    ? undefined
    : (transitionsOf(line.items) / line.cpuMs) * 1000;
const fmt = (n: number | undefined) =>
  n === undefined ? '—' : Math.round(n).toLocaleString('en-US');

export const bench: Bench = {
  id: 'compare',
  title: 'Engine vs aws-local-stepfunctions 3 (inline Map, Task + Pass per item)',
  run: async (log) => {
    ensureDependencies(log);
    log(`load average ${loadavg()[0]?.toFixed(1)} on the machine`);
    const lines: Line[] = [];
    for (const items of SIZES) {
      for (const [engine, language] of [
        ['als', 'JSONPath'],
        ['ours', 'JSONPath'],
        ['ours', 'JSONata'],
      ] as const) {
        const line = measure(engine, language, items);
        log(
          `${engine} ${language} ${items} items: ${line.failure ? `not run (${line.failure.split('\n').slice(0, 2).join(' ')})` : `${fmt(perSecond(line))} transitions/s, ${line.peakRssMb} MB`}`,
        );
        lines.push(line);
      }
    }
    const find = (engine: Line['engine'], language: Line['language'], items: number) =>
      lines.find((l) => l.engine === engine && l.language === language && l.items === items);
    const big = SIZES.at(-1) as number;
    const als = find('als', 'JSONPath', big);
    const rows = lines.map((l) => {
      const ratio =
        l.engine === 'ours' && als && perSecond(l) && perSecond(als)
          ? `${((perSecond(l) as number) / (perSecond(als) as number)).toFixed(2)}x`
          : '';
      return `| ${l.engine === 'ours' ? 'market-pipeline engine' : 'aws-local-stepfunctions 3.0.0'} | ${l.language} | ${l.items.toLocaleString('en-US')} | ${l.failure ? `refused: ${(l.failure.split('\n')[1] ?? l.failure).replace(/\|/g, '/').slice(0, 90)}` : fmt(perSecond(l))} | ${fmt(perCpuSecond(l))} | ${l.peakRssMb} | ${ratio} |`;
    });
    const verdicts: Array<[string, boolean]> = [];
    for (const language of ['JSONPath', 'JSONata'] as const) {
      const ours = find('ours', language, big);
      const ok =
        ours && als && perSecond(ours) && perSecond(als)
          ? (perSecond(ours) as number) / (perSecond(als) as number) >= TARGET_RATIO
          : false;
      verdicts.push([
        `${language}: at least ${TARGET_RATIO}x aws-local-stepfunctions at ${big} items`,
        ok,
      ]);
    }
    const memoryOk = lines.filter((l) => l.engine === 'ours').every((l) => l.peakRssMb < MEMORY_MB);
    verdicts.push([`peak memory of our engine under ${MEMORY_MB} MB`, memoryOk]);
    const small = find('ours', 'JSONata', SIZES[0] as number);
    const large = find('ours', 'JSONata', big);
    const costSmall = small?.cpuMs ? small.cpuMs / transitionsOf(small.items) : undefined;
    const costLarge = large?.cpuMs ? large.cpuMs / transitionsOf(large.items) : undefined;
    const flat = costSmall !== undefined && costLarge !== undefined && costLarge <= costSmall * 1.5;
    verdicts.push([
      `cost per transition flat from ${SIZES[0]} to ${big} items (JSONata: ${costSmall?.toFixed(4) ?? '—'} vs ${costLarge?.toFixed(4) ?? '—'} CPU-ms)`,
      flat,
    ]);
    const markdown = [
      `Both engines under Node ${als?.node ?? 'v22'} (bench/compare/package.json), each measurement in its own process, best of ${ROUNDS} rounds; load average ${loadavg()[0]?.toFixed(1)} when it ended. Transitions: 1 + 2 x items.`,
      '',
      '| Engine | Language | Items | Transitions/s (wall, best) | Transitions per CPU-second | Peak RSS (MB) | vs aws-local-stepfunctions |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      '| Target | Verdict |',
      '|---|---|',
      ...verdicts.map(([name, ok]) => `| ${name} | ${ok ? 'met' : 'missed'} |`),
    ].join('\n');
    return { markdown, targetsMet: verdicts.every(([, ok]) => ok) };
  },
};
