import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkJava } from '../../../runtime/emr/requirements.ts';

let dir: string;
let saved: string | undefined;

function fakeJavaHome(versionLine: string): string {
  const home = join(dir, versionLine.replace(/\W/g, ''));
  mkdirSync(join(home, 'bin'), { recursive: true });
  writeFileSync(join(home, 'bin', 'java'), `#!/bin/sh\necho '${versionLine}' >&2\n`);
  chmodSync(join(home, 'bin', 'java'), 0o755);
  return home;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'java-'));
  saved = process.env.JAVA_HOME;
});
afterEach(() => {
  if (saved === undefined) delete process.env.JAVA_HOME;
  else process.env.JAVA_HOME = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('checkJava', () => {
  it('accepts Java 17 from JAVA_HOME', async () => {
    process.env.JAVA_HOME = fakeJavaHome('openjdk version "17.0.15" 2025-04-15');
    await expect(checkJava()).resolves.toBe(17);
  });

  it('refuses Java 11 in one line naming the version and the fix', async () => {
    process.env.JAVA_HOME = fakeJavaHome('openjdk version "11.0.2" 2019-01-15');
    await expect(checkJava()).rejects.toThrow(
      /^Java 17\+ is required to run the Spark step locally, but '.*\/bin\/java' is version 11: install Java 17 or newer \(Debian: apt-get install openjdk-17-jre-headless\) or point JAVA_HOME at one$/,
    );
  });

  it('says java could not be run when JAVA_HOME points nowhere', async () => {
    process.env.JAVA_HOME = join(dir, 'missing');
    await expect(checkJava()).rejects.toThrow(/could not be run: install Java 17 or newer/);
  });
});
