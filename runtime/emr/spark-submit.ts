/**
 * Turns an EMR `command-runner.jar` `spark-submit ...` step into a local command (pure: no I/O).
 *
 * - `--deploy-mode cluster` (and any `--master`) become `--master local[*]`: on EMR the driver
 *   runs in a YARN container; locally driver and executors share one JVM, and Spark rejects
 *   `--deploy-mode cluster` with a local master.
 * - local settings are added first (`localConf`): no Spark UI, a JVM tuned for a short run.
 * - `s3://` (also `s3a://`, `s3n://`) arguments are mapped to paths in the step's work folder:
 *   the application, `--py-files`/`--files`/`--jars`/`--archives` entries and every other
 *   application argument are inputs (copied from local S3 before the step); the value of an
 *   output flag (`--output`, `--output-path`, `--output-dir`, `--output-uri`) is an output
 *   (copied back to local S3 after the step). Comma-separated lists are mapped element-wise.
 */
import { join } from 'node:path';

export type S3Location = { uri: string; bucket: string; key: string };
export type StagedPath = S3Location & { local: string };

export type SparkStepPlan = {
  /** spark-submit arguments after the local rewrite (without the executable). */
  args: string[];
  inputs: StagedPath[];
  outputs: StagedPath[];
  /** The application as given (e.g. s3://bucket/code/train/train_model.py). */
  application: string;
};

/**
 * Local-only settings, placed first so the step's own `--conf` wins. The Spark UI would bind a
 * port per run (several local runs would race for them). A step is one short-lived JVM on a
 * small machine: C1-only JIT and the serial collector halve its CPU time (measured on the
 * training job: 76 s -> 39 s of user CPU, same results).
 */
export const localConf = [
  '--conf',
  'spark.ui.enabled=false',
  '--conf',
  'spark.driver.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC',
] as const;

/** spark-submit flags that take no value (SparkSubmitOptionParser's switches). */
const switches = new Set(['--verbose', '-v', '--supervise', '--help', '-h', '--version']);
/** Options whose value is a comma-separated list of files to ship with the job. */
const fileListOptions = new Set(['--py-files', '--files', '--jars', '--archives']);
const outputFlags = new Set(['--output', '--output-path', '--output-dir', '--output-uri']);
const s3Uri = /^s3[an]?:\/\/([^/]+)\/?(.*)$/;

export function parseS3Uri(uri: string): S3Location | undefined {
  const m = s3Uri.exec(uri);
  if (!m?.[1]) return undefined;
  return { uri, bucket: m[1], key: m[2] ?? '' };
}

/** Spark options, the application and its arguments, as spark-submit itself splits them. */
export function splitSparkSubmit(args: readonly string[]): {
  options: Array<[flag: string, value?: string]>;
  application: string;
  applicationArgs: string[];
} {
  const options: Array<[string, string?]> = [];
  let i = 0;
  while (i < args.length) {
    const arg = args[i] as string;
    if (!arg.startsWith('-')) break;
    if (switches.has(arg)) {
      options.push([arg]);
      i += 1;
      continue;
    }
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      options.push([arg.slice(0, eq), arg.slice(eq + 1)]);
      i += 1;
      continue;
    }
    const value = args[i + 1];
    if (value === undefined) throw new Error(`spark-submit option ${arg} has no value`);
    options.push([arg, value]);
    i += 2;
  }
  const application = args[i];
  if (application === undefined) {
    throw new Error(`spark-submit arguments name no application: ${JSON.stringify(args)}`);
  }
  return { options, application, applicationArgs: args.slice(i + 1) };
}

/**
 * Plans the local run of `spark-submit` with `args` (the step's Args after `spark-submit`):
 * where each s3:// argument is staged under `workDir`, and the rewritten arguments.
 */
export function planSparkStep(args: readonly string[], workDir: string): SparkStepPlan {
  const { options, application, applicationArgs } = splitSparkSubmit(args);
  const inputs = new Map<string, StagedPath>();
  const outputs = new Map<string, StagedPath>();
  const stage = (value: string, into: Map<string, StagedPath>, folder: string): string =>
    value
      .split(',')
      .map((part) => {
        const loc = parseS3Uri(part);
        if (!loc) return part;
        const joined = join(workDir, folder, loc.bucket, loc.key);
        const local = part.endsWith('/') && !joined.endsWith('/') ? `${joined}/` : joined;
        into.set(part, { ...loc, local });
        return local;
      })
      .join(',');

  const out: string[] = [];
  for (const [flag, value] of options) {
    if (flag === '--master' || flag === '--deploy-mode') continue;
    out.push(flag);
    if (value === undefined) continue;
    out.push(fileListOptions.has(flag) ? stage(value, inputs, 'in') : value);
  }
  out.unshift('--master', 'local[*]', ...localConf);
  out.push(stage(application, inputs, 'in'));
  for (let i = 0; i < applicationArgs.length; i++) {
    const arg = applicationArgs[i] as string;
    const previous = applicationArgs[i - 1];
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0 && outputFlags.has(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq + 1)}${stage(arg.slice(eq + 1), outputs, 'out')}`);
    } else if (previous !== undefined && outputFlags.has(previous)) {
      out.push(stage(arg, outputs, 'out'));
    } else {
      out.push(stage(arg, inputs, 'in'));
    }
  }
  return { args: out, inputs: [...inputs.values()], outputs: [...outputs.values()], application };
}
