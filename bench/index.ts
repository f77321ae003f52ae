/**
 * `npm run bench [-- <id> ...]`: runs every `bench/*.bench.ts` (or the named ones), prints the
 * figures as they come, and rewrites their sections of BENCHMARKS.md (other sections are kept).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench } from './types.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const outFile = join(benchDir, '..', 'BENCHMARKS.md');
const only = process.argv.slice(2);

const modules = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const benches: Bench[] = [];
for (const file of modules) {
  const mod = (await import(pathToFileURL(join(benchDir, file)).href)) as { bench?: Bench };
  if (!mod.bench) throw new Error(`${file} does not export 'bench'`);
  if (only.length === 0 || only.includes(mod.bench.id)) benches.push(mod.bench);
}
if (benches.length === 0) {
  process.stderr.write(`no benchmark matches ${only.join(', ')}\n`);
  process.exit(2);
}

let doc = '';
try {
  doc = readFileSync(outFile, 'utf8');
} catch {
  doc =
    '# Benchmarks\n\nWritten by `npm run bench`; each section is replaced when its benchmark runs.\n';
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
let allMet = true;
for (const bench of benches) {
  process.stdout.write(`\n== ${bench.title} ==\n`);
  const started = Date.now();
  const result = await bench.run((line) => process.stdout.write(`${line}\n`));
  allMet &&= result.targetsMet;
  const body = [
    `## ${bench.title}`,
    '',
    `_Run ${new Date().toISOString().slice(0, 19)}Z on ${machine}; took ${((Date.now() - started) / 1000).toFixed(1)} s._`,
    '',
    result.markdown.trim(),
    '',
  ].join('\n');
  const begin = `<!-- bench:${bench.id} -->`;
  const end = `<!-- /bench:${bench.id} -->`;
  const section = `${begin}\n${body}${end}`;
  const at = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  doc =
    at >= 0 && stop > at
      ? doc.slice(0, at) + section + doc.slice(stop + end.length)
      : `${doc.trimEnd()}\n\n${section}\n`;
  process.stdout.write(`${result.markdown.trim()}\n`);
}
writeFileSync(outFile, doc.endsWith('\n') ? doc : `${doc}\n`);
process.stdout.write(`\nwrote ${outFile}${allMet ? '' : ' (some targets missed: see above)'}\n`);
