/**
 * docs/workflows.md, followed step by step with a fixture workflow (note-taker.ts) registered
 * beside the real ones: it gets a snapshot that passes every static check, runs on the local
 * runtime, synthesizes with a least-privilege role, and is listed and started by the CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StateMachine } from '../../../asl/types.ts';
import { runChecks } from '../../../checks/index.ts';
import { main } from '../../../cli/main.ts';
import { runLocal } from '../../../runtime/runtime.ts';
import type { LocalRunOptions } from '../../../runtime/types.ts';
import { renderSnapshot } from '../../../scripts/snapshots.ts';
import { WORKFLOWS } from '../../../workflows/registry.ts';
import { fakeIo } from '../../cli/fake-io.ts';
import { grantsOf } from '../../infra/support/grants.ts';
import { roleStatements, synth, unacknowledgedFindings } from '../../infra/support/synth.ts';
import { noteTaker } from './note-taker.ts';

const dir = mkdtempSync(join(tmpdir(), 'recipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const registry = [...WORKFLOWS, noteTaker];
const snapshot = noteTaker.snapshots[0];
if (snapshot === undefined) throw new Error('note-taker has no snapshot');
const snapshotFile = join(dir, snapshot.file);

describe('adding a workflow (docs/workflows.md)', () => {
  it('step 3: gets a snapshot <name>.asl.json that passes every static check', async () => {
    expect(snapshot.file).toBe('note-taker.asl.json');
    const build = snapshot.build();
    writeFileSync(snapshotFile, renderSnapshot(build.definition));
    const definition = JSON.parse(readFileSync(snapshotFile, 'utf8')) as StateMachine;
    const results = await runChecks(definition, build.checkContext);
    expect(results.length).toBeGreaterThanOrEqual(12);
    expect(results.filter((r) => r.problems.length > 0)).toStrictEqual([]);
  });

  it('step 4: runs on the local runtime', async () => {
    const result = await runLocal({
      workflow: noteTaker,
      definitionFile: snapshotFile,
      stateDir: join(dir, 'state'),
      executionName: 'recipe-run',
      timeScale: 0,
      input: { note: 'buy low' },
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ note: 'buy low', key: 'notes/recipe-run.json' });
  }, 120_000);

  it('step 5: synthesizes with a role that holds exactly its two S3 calls, cdk-nag clean', () => {
    const s = synth({}, registry);
    try {
      const machine = s.stack.deployment('note-taker').machine;
      const role = s.stack.getLogicalId(
        machine.role.node.defaultChild as Parameters<typeof s.stack.getLogicalId>[0],
      );
      const grants = grantsOf(roleStatements(s.template, role))
        .filter((g) => !g.action.startsWith('logs:') && !g.action.startsWith('xray:'))
        .map((g) => `${g.action} ${g.resource}`)
        .sort();
      expect(grants).toStrictEqual([
        expect.stringMatching(/^s3:GetObject .*\/notes\/\*$/),
        expect.stringMatching(/^s3:PutObject .*\/notes\/\*$/),
      ]);
      expect(unacknowledgedFindings(s.app)).toStrictEqual([]);
    } finally {
      rmSync(s.app.outdir, { recursive: true, force: true });
    }
  }, 300_000);

  it('step 6: is listed by --list and started by the CLI', async () => {
    const listing = fakeIo();
    expect(await main(['--list'], listing, { workflows: registry })).toBe(0);
    expect(listing.out()).toContain('note-taker: Save a note to the data bucket and read it back');

    const io = fakeIo();
    const started: LocalRunOptions[] = [];
    const code = await main(
      ['note-taker', '--input', '{"note":"sell high"}', '--time-scale', '0'],
      io,
      {
        workflows: registry,
        loadRuntime: async () => async (options) => {
          started.push(options);
          return runLocal({ ...options, definitionFile: snapshotFile, stateDir: join(dir, 'cli') });
        },
      },
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(started[0]?.workflow).toBe(noteTaker);
    expect(started[0]?.input).toStrictEqual({ note: 'sell high' });
    expect(io.out()).toContain('SUCCEEDED');
  }, 120_000);
});
