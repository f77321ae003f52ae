/**
 * The EMR ledger: one JSON file (`<stateDir>/emr/clusters.json`) holding every cluster the local
 * runtime created, as an array of DescribeCluster-shaped records. Left on disk for inspection.
 *
 * Writes are atomic (write a temp file, then rename over the ledger), so a reader or a crash never
 * sees half a file. Updates in one process go through a queue per ledger path, so concurrent runs
 * sharing a state directory (e.g. a backfill) never lose each other's read-modify-write.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ClusterRecord } from './types.ts';

/** Tail of the update chain per ledger path, shared by every Ledger instance in the process. */
const queues = new Map<string, Promise<unknown>>();
let tempCounter = 0;

export class Ledger {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** The clusters as currently stored ([] when the ledger does not exist yet). */
  async read(): Promise<ClusterRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new Error(`EMR ledger ${this.path} is not valid JSON: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (!Array.isArray(parsed)) {
      throw new Error(`EMR ledger ${this.path} must hold a JSON array of clusters`);
    }
    return parsed as ClusterRecord[];
  }

  /**
   * Runs `change` on the current clusters and stores the result, serialised with every other
   * update of this ledger in the process. `change` mutates the array in place and may return a
   * value, which `update` resolves to.
   */
  update<T>(change: (clusters: ClusterRecord[]) => T): Promise<T> {
    const previous = queues.get(this.path) ?? Promise.resolve();
    const next = previous.then(async () => {
      const clusters = await this.read();
      const result = change(clusters);
      await this.write(clusters);
      return result;
    });
    // A failed update must not block the ones queued after it.
    queues.set(
      this.path,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Changes one cluster; fails naming the id when the ledger does not have it. */
  updateCluster<T>(clusterId: string, change: (cluster: ClusterRecord) => T): Promise<T> {
    return this.update((clusters) => {
      const cluster = clusters.find((c) => c.Id === clusterId);
      if (!cluster) throw new Error(`EMR ledger ${this.path} has no cluster ${clusterId}`);
      return change(cluster);
    });
  }

  private async write(clusters: ClusterRecord[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.${++tempCounter}.tmp`;
    await writeFile(temp, `${JSON.stringify(clusters, null, 2)}\n`);
    await rename(temp, this.path);
  }
}
