/**
 * `npm run lint:tiers`: every `*.test.ts` file of the project is in exactly one vitest project
 * (unit, integration, e2e; vitest.config.ts), as vitest itself resolves them. Prints the count
 * per project; exits 1 naming each file that is in none or in more than one.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../runtime/project-root.ts';

const skipped = new Set(['node_modules', '.git', '.venv', '.local', 'cdk.out', 'coverage']);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skipped.has(entry.name) ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(projectRoot, path)] : [];
  });
}

const listed = spawnSync(
  join(projectRoot, 'node_modules', '.bin', 'vitest'),
  ['list', '--filesOnly', '--json'],
  { cwd: projectRoot, encoding: 'utf8' },
);
if (listed.status !== 0) {
  process.stderr.write(`test tiers: vitest list failed:\n${listed.stderr}`);
  process.exit(1);
}
const projectsOf = new Map<string, string[]>();
for (const { file, projectName } of JSON.parse(listed.stdout) as Array<{
  file: string;
  projectName: string;
}>) {
  const path = relative(projectRoot, file);
  projectsOf.set(path, [...(projectsOf.get(path) ?? []), projectName]);
}

const counts = new Map<string, number>();
const problems: string[] = [];
const files = testFiles(projectRoot).sort();
for (const file of files) {
  const projects = projectsOf.get(file) ?? [];
  for (const project of projects) counts.set(project, (counts.get(project) ?? 0) + 1);
  if (projects.length !== 1) {
    problems.push(`${file}: in ${projects.length ? projects.join(' and ') : 'no project'}`);
  }
}
const perProject = [...counts].map(([project, n]) => `${project} ${n}`).join(', ');
process.stdout.write(`test tiers: ${files.length} test files: ${perProject}\n`);
if (problems.length > 0) {
  process.stderr.write(
    `test tiers: each test file must be in exactly one project (name it *.test.ts, *.integration.test.ts or *.e2e.test.ts):\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}
