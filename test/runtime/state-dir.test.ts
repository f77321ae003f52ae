import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkStateDirWritable } from '../../runtime/state-dir.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('checkStateDirWritable', () => {
  it('passes a writable state folder and leaves no probe file behind', () => {
    dir = mkdtempSync(join(tmpdir(), 'state-dir-'));
    mkdirSync(join(dir, 's3', 'market-pipeline-data'), { recursive: true });
    expect(() => checkStateDirWritable(dir)).not.toThrow();
    expect(readdirSync(dir)).toStrictEqual(['s3']);
    expect(readdirSync(join(dir, 's3'))).toStrictEqual(['market-pipeline-data']);
  });

  it('refuses naming the folder a file cannot be created in, the reason and the way out', () => {
    // Tests run as root, which a read-only mode does not stop: a folder where the probe file's
    // name is taken by a folder fails the same way (EISDIR instead of EACCES). The read-only case
    // itself runs as an unprivileged user in test/scripts/faults/.
    dir = mkdtempSync(join(tmpdir(), 'state-dir-'));
    const lambda = join(dir, 'lambda', 'market-pipeline-download-ticker');
    mkdirSync(join(lambda, `.write-probe-${process.pid}`), { recursive: true });
    expect(() => checkStateDirWritable(dir)).toThrow(
      `the local runtime's state folder is not writable: cannot create a file in ${lambda} (EISDIR). The local S3, the EMR ledger and the logs are kept there: make it writable (chmod -R u+w ${dir}) or choose another with --state-dir`,
    );
  });
});
