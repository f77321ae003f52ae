/**
 * `npm run service-models [-- --out <dir>]`: writes the trimmed AWS service models under
 * asl/service-models/ (`emr.ts`, `s3.ts`, `lambda.ts`, `sfn.ts`) from botocore's
 * `data/<service>/<version>/service-2.json.gz` in the project venv (botocore is pinned in
 * requirements-dev.txt, so the models follow that version and nothing else). Each keeps only
 * the operations the engine's integrations and the workflows call (OPERATIONS below), the shapes
 * their inputs reach, and the validation traits; documentation and wire details are dropped.
 * The output is formatted with biome, so the committed files are exactly what this writes
 * (test/scripts/service-models.integration.test.ts regenerates and compares).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { translatePattern } from '../asl/service-models/pattern.ts';
import type { ServiceModel, Shape } from '../asl/service-models/types.ts';
import { projectRoot } from '../runtime/project-root.ts';

/** The operations the project calls, per botocore service (and the module written for it). */
export const OPERATIONS = [
  // The EMR optimized integration (createCluster, addStep, terminateCluster) calls these.
  {
    service: 'emr',
    module: 'emr',
    operations: ['RunJobFlow', 'AddJobFlowSteps', 'TerminateJobFlows'],
  },
  // aws-sdk:s3 Tasks of the workflows (asl-snapshots) and the engine's ItemReader/ResultWriter.
  { service: 's3', module: 's3', operations: ['GetObject', 'PutObject', 'ListObjectsV2'] },
  // lambda:invoke.
  { service: 'lambda', module: 'lambda', operations: ['Invoke'] },
  // states:startExecution(.sync|.sync:2|.waitForTaskToken) and aws-sdk:sfn:sendTask*.
  {
    service: 'stepfunctions',
    module: 'sfn',
    operations: ['StartExecution', 'SendTaskSuccess', 'SendTaskFailure', 'SendTaskHeartbeat'],
  },
] as const;

const pascalCase = (name: string): string => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/** The validation traits kept from a botocore shape. */
const kept = ['type', 'required', 'enum', 'min', 'max', 'pattern'] as const;

/** A member reference: its shape, and wire and documentation details that are dropped. */
type BotocoreRef = { shape: string } & Record<string, unknown>;
type BotocoreShape = Record<string, unknown> & {
  type: Shape['type'];
  members?: Record<string, BotocoreRef>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
};
export type BotocoreModel = {
  metadata: { apiVersion: string; serviceId: string };
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, BotocoreShape>;
};

export function botocoreDir(): string {
  const lib = join(projectRoot, '.venv', 'lib');
  const python = readdirSync(lib).find((d) => d.startsWith('python'));
  if (python === undefined) throw new Error(`${lib} has no python*/: run npm run setup:py`);
  return join(lib, python, 'site-packages', 'botocore');
}

export function botocoreVersion(dir: string): string {
  const init = readFileSync(join(dir, '__init__.py'), 'utf8');
  const version = /^__version__ = '([^']+)'/m.exec(init)?.[1];
  if (version === undefined) throw new Error(`${dir}/__init__.py has no __version__`);
  return version;
}

/** The service's newest API version directory's service-2.json.gz, parsed. */
function readModel(dir: string, service: string): { model: BotocoreModel; file: string } {
  const serviceDir = join(dir, 'data', service);
  const version = readdirSync(serviceDir).sort().at(-1);
  if (version === undefined) throw new Error(`${serviceDir} has no API version`);
  const file = join(serviceDir, version, 'service-2.json.gz');
  return { model: JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')), file };
}

/** The trimmed model: the operations' input shapes and every shape they reach, traits only. */
export function trimModel(
  model: BotocoreModel,
  service: string,
  operations: readonly string[],
  version: string,
): ServiceModel {
  const shapes: Record<string, Shape> = {};
  const visit = (name: string): void => {
    if (shapes[name] !== undefined) return;
    const source = model.shapes[name];
    if (source === undefined) throw new Error(`${service}: shape ${name} is not in the model`);
    const shape: Record<string, unknown> = {};
    for (const trait of kept) if (source[trait] !== undefined) shape[trait] = source[trait];
    shapes[name] = shape as Shape;
    if (source.members) {
      // Step Functions passes members in PascalCase, whatever the API's own case (SFN's model
      // says `stateMachineArn`; its Task Arguments say `StateMachineArn`).
      const members = Object.entries(source.members).map(
        ([member, ref]) => [pascalCase(member), { shape: ref.shape }] as const,
      );
      if (new Set(members.map(([m]) => m)).size !== members.length) {
        throw new Error(`${service}: ${name} has members that differ only in case`);
      }
      shape.members = Object.fromEntries(members);
      if (Array.isArray(source.required)) shape.required = source.required.map(pascalCase);
    }
    for (const ref of ['member', 'key', 'value'] as const) {
      const target = source[ref];
      if (target) shape[ref] = { shape: target.shape };
    }
    for (const ref of Object.values(source.members ?? {})) visit(ref.shape);
    for (const ref of [source.member, source.key, source.value]) if (ref) visit(ref.shape);
  };
  const ops: Record<string, { input: string }> = {};
  for (const operation of operations) {
    const input = model.operations[operation]?.input?.shape;
    if (input === undefined) throw new Error(`${service}: no operation ${operation} with an input`);
    ops[operation] = { input };
    visit(input);
  }
  const sorted = Object.fromEntries(
    Object.keys(shapes)
      .sort()
      .map((n) => [n, shapes[n]]),
  );
  return {
    service,
    serviceId: model.metadata.serviceId,
    apiVersion: model.metadata.apiVersion,
    botocoreVersion: version,
    operations: ops,
    shapes: sorted as Record<string, Shape>,
  };
}

/** Counts for the header: shapes, and patterns checked or skipped (pattern.ts). */
export function modelStats(model: ServiceModel) {
  const patterns = Object.values(model.shapes).flatMap((s) => (s.pattern ? [s.pattern] : []));
  const skipped = patterns.filter((p) => translatePattern(p) === undefined).length;
  return {
    operations: Object.keys(model.operations).length,
    shapes: Object.keys(model.shapes).length,
    patterns: patterns.length,
    skipped,
  };
}

function render(model: ServiceModel, exportName: string, source: string): string {
  const stats = modelStats(model);
  return `/**
 * GENERATED by scripts/service-models.ts (npm run service-models): do not edit.
 * AWS's ${model.serviceId} API model ${model.apiVersion} from botocore ${model.botocoreVersion}
 * (${source}), trimmed to ${stats.operations} operation(s) and the ${stats.shapes} shapes their inputs reach;
 * ${stats.patterns} pattern(s), ${stats.skipped} of them without a JavaScript equivalent (not checked).
 */
import type { ServiceModel } from './types.ts';

export const ${exportName}: ServiceModel = ${JSON.stringify(model, null, 2)};
`;
}

/** Formats TypeScript text as the repo's biome config does (the file name picks the config). */
function format(text: string, path: string): string {
  const biome = join(projectRoot, 'node_modules', '.bin', 'biome');
  const out = spawnSync(biome, ['format', `--stdin-file-path=${path}`], {
    input: text,
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`biome format ${path} failed: ${out.stderr}`);
  return out.stdout;
}

/** Writes every model module into `outDir`; returns the files written. */
export async function writeServiceModels(outDir: string): Promise<string[]> {
  const dir = botocoreDir();
  const version = botocoreVersion(dir);
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const { service, module, operations } of OPERATIONS) {
    const { model, file } = readModel(dir, service);
    const trimmed = trimModel(model, service, operations, version);
    const source = `botocore/${relative(dir, file)}`;
    const path = join(outDir, `${module}.ts`);
    // biome picks its settings by path: format as if the file were in the repo's folder.
    const text = format(
      render(trimmed, `${module}Model`, source),
      join('asl', 'service-models', `${module}.ts`),
    );
    await writeFile(path, text);
    written.push(path);
  }
  return written;
}

const outArg = process.argv.indexOf('--out');
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out =
    outArg >= 0 && process.argv[outArg + 1]
      ? (process.argv[outArg + 1] as string)
      : join(projectRoot, 'asl', 'service-models');
  writeServiceModels(out).then(
    (files) => {
      for (const f of files) console.log(`wrote ${relative(projectRoot, f)}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
