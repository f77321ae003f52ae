/**
 * The engine benchmark's workload, run in its own process so its peak RSS is the engine's alone:
 * a Distributed Map over 10,000 items, each child a Task (an in-process no-op Lambda) then a Pass.
 * Prints one JSON line: { items, runs, transitions, bestMs, bestCpuMs, allMs, maxRssMb, status }.
 * Usage: workload.ts [items=10000] [runs=3]; the best (fastest) run is reported.
 *
 * Distributed, not inline: an inline Map of 10,000 Task+Pass iterations writes about 90,000
 * events into one history, and AWS fails any execution past 25,000 events (the engine does too).
 * A Distributed Map runs each item as a child execution with its own history, which is how this
 * shape runs on AWS.
 */
import { runExecution } from '../../engine/index.ts';

const items = Number(process.argv[2] ?? 10_000);

export const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'FanOut',
  States: {
    FanOut: {
      Type: 'Map',
      Items: '{% $states.input.items %}',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: 'noop', Payload: '{% $states.input %}' },
            Output: '{% $states.result.Payload %}',
            Next: 'Done',
          },
          Done: { Type: 'Pass', End: true },
        },
      },
      Output: { processed: '{% $count($states.result) %}' },
      End: true,
    },
  },
};

async function once(n: number) {
  const input = { items: Array.from({ length: n }, (_, i) => ({ id: i })) };
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await runExecution(definition, input, {
    lambdaHandlers: { noop: async (event: unknown) => event },
    timeScale: 0,
  });
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

const runs = Number(process.argv[3] ?? 3);
await once(500); // warm up the JIT on a small run
const measured = [];
for (let i = 0; i < runs; i++) measured.push(await once(items));
const best = measured.reduce((a, b) => (b.ms < a.ms ? b : a));
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({
    items,
    runs,
    transitions: best.result.billableTransitions,
    bestMs: best.ms,
    bestCpuMs: best.cpuMs,
    allMs: measured.map((m) => Math.round(m.ms)),
    maxRssMb,
    status: best.result.status,
    output: best.result.output,
  })}\n`,
);
