/**
 * The committed models under asl/service-models/ are exactly what `npm run service-models`
 * writes from the venv's botocore (pinned in requirements-dev.txt), so they cannot drift from
 * it by hand edits or a forgotten regeneration.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  botocoreDir,
  botocoreVersion,
  OPERATIONS,
  writeServiceModels,
} from '../../scripts/service-models.ts';

const out = mkdtempSync(join(tmpdir(), 'service-models-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const committed = join(import.meta.dirname, '..', '..', 'asl', 'service-models');

describe('npm run service-models', () => {
  it('reads the botocore requirements-dev.txt pins', () => {
    const pin = /^botocore==(\S+)$/m.exec(
      readFileSync(join(import.meta.dirname, '..', '..', 'requirements-dev.txt'), 'utf8'),
    )?.[1];
    expect(botocoreVersion(botocoreDir())).toBe(pin);
  });

  it('regenerates the committed models byte for byte', async () => {
    const files = await writeServiceModels(out);
    expect(files.map((f) => basename(f))).toEqual(OPERATIONS.map((o) => `${o.module}.ts`));
    for (const file of files) {
      expect(readFileSync(file, 'utf8'), basename(file)).toBe(
        readFileSync(join(committed, basename(file)), 'utf8'),
      );
    }
  }, 60_000);
});
