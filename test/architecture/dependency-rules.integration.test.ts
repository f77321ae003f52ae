/**
 * The dependency rules (.dependency-cruiser.cjs) catch what they claim to: a copy of the rules
 * run by dependency-cruiser's own CLI over a small tree with one wrong import of each kind fails,
 * naming the rule; the same tree without them passes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../runtime/project-root.ts';

const root = mkdtempSync(join(tmpdir(), 'dep-rules-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const write = (dir: string, files: Record<string, string>) => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
};

/** A tree of the project's parts, with `extra` files added, checked by the project's rules. */
const cruise = (name: string, extra: Record<string, string>) => {
  const dir = join(root, name);
  write(dir, {
    'asl/types.ts': 'export type Name = string;\n',
    'contracts/ticker.ts': 'export const TICKER = /^[A-Z]+$/;\n',
    'engine/run.ts':
      "import type { Name } from '../asl/types.ts';\nexport const run = (n: Name) => n;\n",
    'workflows/flow.ts':
      "import { TICKER } from '../contracts/ticker.ts';\nexport const flow = TICKER;\n",
    'tasks/handler.ts':
      "import { TICKER } from '../contracts/ticker.ts';\nexport const handler = TICKER;\n",
    'tsconfig.json': JSON.stringify({
      compilerOptions: { allowImportingTsExtensions: true, noEmit: true, module: 'nodenext' },
    }),
    ...extra,
  });
  copyFileSync(join(projectRoot, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  const result = spawnSync(
    join(projectRoot, 'node_modules', '.bin', 'depcruise'),
    ['asl', 'contracts', 'engine', 'workflows', 'tasks', '--output-type', 'err'],
    { cwd: dir, encoding: 'utf8' },
  );
  return { code: result.status, text: `${result.stdout}${result.stderr}` };
};

describe('the dependency rules', () => {
  it('pass a tree whose imports follow the allowed edges', () => {
    const { code, text } = cruise('clean', {});
    expect(text).toContain('no dependency violations found');
    expect(code).toBe(0);
  });

  it('fail a workflow importing a Lambda folder, naming the rule', () => {
    const { code, text } = cruise('workflow-to-task', {
      'workflows/bad.ts':
        "import { handler } from '../tasks/handler.ts';\nexport const bad = handler;\n",
    });
    expect(code).not.toBe(0);
    expect(text).toContain(
      'error workflows-imports-only-asl-builders-checks-contracts: workflows/bad.ts → tasks/handler.ts',
    );
  });

  it('fail the engine importing a workflow, naming the rule', () => {
    const { text } = cruise('engine-to-workflow', {
      'engine/bad.ts': "import { flow } from '../workflows/flow.ts';\nexport const bad = flow;\n",
    });
    expect(text).toContain('error engine-imports-only-asl: engine/bad.ts → workflows/flow.ts');
  });

  it('fail an import cycle', () => {
    const { text } = cruise('cycle', {
      'engine/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'engine/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    });
    expect(text).toMatch(/error no-circular: engine\/(a|b)\.ts → /);
  });

  it('fail a pure part that reads the file system', () => {
    const { text } = cruise('impure', {
      'contracts/io.ts':
        "import { readFileSync } from 'node:fs';\nexport const io = readFileSync;\n",
    });
    expect(text).toContain('error pure-parts-use-no-node-builtins: contracts/io.ts → fs');
  });
});
