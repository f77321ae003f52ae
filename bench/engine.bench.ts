/**
 * Engine throughput: a Distributed Map of 10,000 items, each child a Task (an in-process no-op
 * Lambda) then a Pass, with timeScale 0. The workload runs in its own process (so peak RSS is the
 * engine's alone), three times after a warm-up; the best run is reported, since other processes
 * on the machine slow some runs down. Billable transitions: 1 (the Map) + 10,000 child starts +
 * 2 states x 10,000 children.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const items = 10_000;
const runs = 3;
const targetTransitionsPerSecond = 70_000;
const targetRssMb = 250;

type Measured = {
  items: number;
  transitions: number;
  bestMs: number;
  bestCpuMs: number;
  allMs: number[];
  maxRssMb: number;
  status: string;
};

function measure(): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'engine', 'workload.ts'), String(items), String(runs)],
      {
        cwd: join(here, '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`engine workload exited with code ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) as string) as Measured);
    });
  });
}

export const bench: Bench = {
  id: 'engine',
  title: 'Engine: Distributed Map of 10,000 Task+Pass items',
  run: async (log) => {
    const load = loadavg()[0] as number;
    log(
      `running the workload (${items} items, best of ${runs}); load average ${load.toFixed(1)} on ${cpus().length} cores`,
    );
    const m = await measure();
    if (m.status !== 'SUCCEEDED') throw new Error(`the workload execution ended ${m.status}`);
    const perSecond = m.transitions / (m.bestMs / 1000);
    const perCpuSecond = m.transitions / (m.bestCpuMs / 1000);
    const throughputMet = perSecond >= targetTransitionsPerSecond;
    const rssMet = m.maxRssMb < targetRssMb;
    const row = (what: string, value: string, target: string, met: boolean | undefined) =>
      `| ${what} | ${value} | ${target} | ${met === undefined ? '' : met ? 'met' : 'missed'} |`;
    const markdown = [
      '| Figure | Value | Target | Verdict |',
      '|---|---|---|---|',
      row('Billable transitions per run', m.transitions.toLocaleString('en-US'), '', undefined),
      row(
        'Transitions/s (wall clock, best run)',
        Math.round(perSecond).toLocaleString('en-US'),
        `>= ${targetTransitionsPerSecond.toLocaleString('en-US')}`,
        throughputMet,
      ),
      row(
        'Transitions per CPU-second (best run)',
        Math.round(perCpuSecond).toLocaleString('en-US'),
        '',
        undefined,
      ),
      row('Wall time of the runs (ms)', m.allMs.join(', '), '', undefined),
      row(
        'Peak RSS of the workload process (MB)',
        m.maxRssMb.toFixed(0),
        `< ${targetRssMb}`,
        rssMet,
      ),
      '',
      `Load average when it started: ${load.toFixed(1)} on ${cpus().length} cores. Wall-clock throughput falls when other processes share the cores; the CPU-second figure does not.`,
    ].join('\n');
    return { markdown, targetsMet: throughputMet && rssMet };
  },
};
