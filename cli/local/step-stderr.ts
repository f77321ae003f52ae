/**
 * A failed step's stderr on the local runtime, from `<emrLogsDir>/<cluster>/steps/<step>/` (the
 * EMR LogUri layout the runtime mirrors), or the step's log folder the runtime reported. When
 * neither names the step, the most recently written step folder of the cluster is used.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EmrStepLog } from '../result.ts';
import { tailLines } from '../stderr-tail.ts';

export function localStepStderr(
  emrLogsDir: string,
  step: { clusterId?: string; stepId?: string; logDir?: string },
): EmrStepLog {
  const ids = {
    ...(step.clusterId ? { clusterId: step.clusterId } : {}),
    ...(step.stepId ? { stepId: step.stepId } : {}),
  };
  const known = step.logDir ? stderrFile(step.logDir) : undefined;
  if (known) return { ...ids, location: known, lines: tailLines(readFileSync(known)) };
  const clusters = step.clusterId ? [step.clusterId] : subdirectories(emrLogsDir);
  const candidates = clusters.flatMap((cluster) => {
    const stepsDir = join(emrLogsDir, cluster, 'steps');
    const steps = step.stepId ? [step.stepId] : subdirectories(stepsDir);
    return steps.map((id) => ({ cluster, step: id, dir: join(stepsDir, id) }));
  });
  const found = candidates
    .map((candidate) => ({ ...candidate, file: stderrFile(candidate.dir) }))
    .filter((candidate): candidate is typeof candidate & { file: string } => !!candidate.file)
    .sort((a, b) => statSync(b.file).mtimeMs - statSync(a.file).mtimeMs)[0];
  if (!found) {
    return { ...ids, lines: [], note: `no step stderr found under ${emrLogsDir}` };
  }
  return {
    clusterId: found.cluster,
    stepId: found.step,
    location: found.file,
    lines: tailLines(readFileSync(found.file)),
  };
}

function stderrFile(dir: string): string | undefined {
  return ['stderr', 'stderr.gz', 'stderr.txt'].map((name) => join(dir, name)).find(existsSync);
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}
