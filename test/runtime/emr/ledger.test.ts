import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../../runtime/emr/ledger.ts';
import type { ClusterRecord } from '../../../runtime/emr/types.ts';

function cluster(id: string): ClusterRecord {
  return {
    Id: id,
    Name: id,
    ClusterArn: `arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/${id}`,
    Status: {
      State: 'STARTING',
      StateChangeReason: {},
      Timeline: { CreationDateTime: '2026-01-01T00:00:00.000Z' },
    },
    Tags: [],
    ReleaseLabel: 'emr-7.12.0',
    Applications: [],
    AutoTerminate: false,
    TerminationProtected: false,
    StepConcurrencyLevel: 1,
    Steps: [],
    Request: { Name: id, Instances: {} },
    Local: { ownerPid: process.pid },
  };
}

describe('Ledger', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an absent ledger as no clusters', async () => {
    expect(await new Ledger(join(dir, 'emr', 'clusters.json')).read()).toStrictEqual([]);
  });

  it('keeps every one of many concurrent updates from separate instances', async () => {
    const path = join(dir, 'emr', 'clusters.json');
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        new Ledger(path).update((clusters) => {
          clusters.push(cluster(`j-${i}`));
        }),
      ),
    );
    const ids = (await new Ledger(path).read()).map((c) => c.Id).sort();
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
  });

  it('leaves no temporary files behind', async () => {
    const path = join(dir, 'clusters.json');
    await new Ledger(path).update((c) => void c.push(cluster('j-1')));
    expect(readdirSync(dir)).toStrictEqual(['clusters.json']);
  });

  it('continues after a failed update', async () => {
    const ledger = new Ledger(join(dir, 'clusters.json'));
    await expect(
      ledger.update(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await ledger.update((c) => void c.push(cluster('j-2')));
    expect((await ledger.read()).map((c) => c.Id)).toStrictEqual(['j-2']);
  });

  it('names the file when it is not valid JSON', async () => {
    const path = join(dir, 'clusters.json');
    writeFileSync(path, '{oops');
    await expect(new Ledger(path).read()).rejects.toThrow(`EMR ledger ${path} is not valid JSON`);
  });

  it('fails naming the cluster id an update cannot find', async () => {
    const ledger = new Ledger(join(dir, 'clusters.json'));
    await expect(ledger.updateCluster('j-NOPE', () => 1)).rejects.toThrow('has no cluster j-NOPE');
  });
});
