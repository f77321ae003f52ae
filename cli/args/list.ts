/** `start-workflow --list`: the registered workflows, their inputs and schedules. */
import type { Workflow } from '../../workflows/registry.ts';

export function formatWorkflowList(workflows: readonly Workflow[]): string[] {
  const lines: string[] = [];
  for (const w of workflows) {
    lines.push(`${w.name}: ${w.description}`);
    lines.push(
      `  schedule: ${w.schedule ? `${w.schedule.description} (${w.schedule.expression} ${w.schedule.timeZone})` : 'none (start on demand)'}`,
    );
    const tasks = [
      ...w.tasks.lambdas.map((l) => `lambda ${l}`),
      ...w.tasks.sparkScripts.map((s) => `spark ${s}`),
    ];
    lines.push(`  calls: ${tasks.join(', ') || 'no tasks'}`);
    lines.push('  input ({} takes every default):');
    const width = Math.max(0, ...w.input.map((f) => f.name.length));
    for (const f of w.input) {
      lines.push(`    ${f.name.padEnd(width)}  ${f.type}; default ${f.default}. ${f.description}`);
    }
    lines.push(`  start: npm run start-workflow -- ${w.name} [flags]`);
    lines.push('');
  }
  return lines;
}
