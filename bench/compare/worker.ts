/**
 * One engine, one language, one size: runs the workload `rounds` times in this process and prints
 * one JSON line (best wall time, CPU time of that run, peak RSS). Started by compare.bench.ts
 * under the pinned Node 22 of bench/compare/node_modules.
 *   node --import tsx bench/compare/worker.ts <ours|als> <JSONPath|JSONata> <items> <rounds>
 */
import { runExecution } from '../../engine/index.ts';
import { definitionOf, inputOf, type Language, TASK_ARN, work } from './workload.ts';

const [engine, language, itemsText, roundsText] = process.argv.slice(2) as [
  'ours' | 'als',
  Language,
  string,
  string,
];
const items = Number(itemsText);
const rounds = Number(roundsText);

type Run = () => Promise<{ ok: boolean; detail?: string }>;

async function alsRun(): Promise<Run> {
  // aws-local-stepfunctions is the bench's own dependency (bench/compare/package.json).
  const { StateMachine } = (await import(
    new URL('./node_modules/aws-local-stepfunctions/build/main.node.esm.js', import.meta.url).href
  )) as {
    StateMachine: new (
      d: object,
      o?: object,
    ) => { run: (input: unknown, options: object) => { result: Promise<unknown> } };
  };
  const machine = new StateMachine(definitionOf(language), {
    validationOptions: { checkPaths: false, checkArn: false },
  });
  return async () => {
    const execution = machine.run(inputOf(items), {
      overrides: { taskResourceLocalHandlers: { Work: work } },
    });
    const output = (await execution.result) as unknown[];
    return { ok: Array.isArray(output) && output.length === items };
  };
}

async function oursRun(): Promise<Run> {
  return async () => {
    const result = await runExecution(definitionOf(language), inputOf(items), {
      timeScale: 0,
      lambdaHandlers: { [TASK_ARN]: work },
    });
    const ok =
      result.status === 'SUCCEEDED' &&
      Array.isArray(result.output) &&
      result.output.length === items;
    return ok
      ? { ok }
      : {
          ok,
          detail: `${result.status} ${result.error ?? ''} ${result.cause ?? ''}`.slice(0, 300),
        };
  };
}

const run = engine === 'als' ? await alsRun() : await oursRun();
let best = Number.POSITIVE_INFINITY;
let bestCpu = 0;
let failure: string | undefined;
for (let round = 0; round < rounds; round++) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcome = await run();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (!outcome.ok) {
    failure = outcome.detail ?? 'wrong output';
    break;
  }
  if (wall < best) {
    best = wall;
    bestCpu = (cpu.user + cpu.system) / 1000;
  }
}
process.stdout.write(
  `${JSON.stringify({
    engine,
    language,
    items,
    node: process.version,
    ...(failure ? { failure } : { bestMs: best, cpuMs: bestCpu }),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
