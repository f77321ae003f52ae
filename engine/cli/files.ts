/**
 * Reading what the flags name: JSON files, `--input` (a file or JSON text), `--substitute
 * Name=value`, and `--lambda Name=module[#export]` handler modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonValue, LambdaHandler } from '../api.ts';
import { UsageError } from './io.ts';

/** A JSON file's parsed content; a UsageError naming the file when it is missing or not JSON. */
export function readJsonFile(cwd: string, file: string, what: string): unknown {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${what} ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${file}: INVALID_JSON_DESCRIPTION: ${(error as Error).message}`);
  }
}

/** A flag that is a file when one exists at that path, else JSON text. */
export function jsonArgument(cwd: string, value: string, flag: string): JsonValue {
  if (existsSync(resolve(cwd, value))) return readJsonFile(cwd, value, flag) as JsonValue;
  try {
    return JSON.parse(value) as JsonValue;
  } catch (error) {
    throw new UsageError(`${flag} ${value}: neither a file nor JSON (${(error as Error).message})`);
  }
}

/** `Name=value` pairs (repeatable flag) as a record. */
export function pairs(values: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (const value of values) {
    const cut = value.indexOf('=');
    if (cut <= 0) problems.push(`${flag} ${value}: expected Name=value`);
    else out[value.slice(0, cut)] = value.slice(cut + 1);
  }
  if (problems.length > 0) throw new UsageError(problems);
  return out;
}

/** The state machine name a definition file stands for: its name without `.asl.json` / `.json`. */
export function machineNameOf(file: string): string {
  return basename(file).replace(/(\.asl)?\.json$/, '');
}

/**
 * `--lambda FunctionNameOrArn=module[#export]`: imports each module (relative to `cwd`) and takes
 * the named export (default `handler`), which must be a function.
 */
export async function loadLambdaHandlers(
  cwd: string,
  specs: readonly string[],
): Promise<Record<string, LambdaHandler>> {
  const handlers: Record<string, LambdaHandler> = {};
  const problems: string[] = [];
  for (const [name, target] of Object.entries(pairs(specs, '--lambda'))) {
    const hash = target.lastIndexOf('#');
    const file = hash < 0 ? target : target.slice(0, hash);
    const exportName = hash < 0 ? 'handler' : target.slice(hash + 1);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(resolve(cwd, file)).href)) as Record<string, unknown>;
    } catch (error) {
      problems.push(
        `--lambda ${name}=${target}: cannot import ${file} (${(error as Error).message})`,
      );
      continue;
    }
    const handler = module[exportName];
    if (typeof handler !== 'function') {
      const found = Object.keys(module).filter((k) => typeof module[k] === 'function');
      problems.push(
        `--lambda ${name}=${target}: ${file} has no function export '${exportName}' (functions: ${found.join(', ') || 'none'})`,
      );
      continue;
    }
    handlers[name] = handler as LambdaHandler;
  }
  if (problems.length > 0) throw new UsageError(problems);
  return handlers;
}

/** Engine problems worded for the command line (`--substitute` instead of the API option). */
export function cliProblem(problem: string): string {
  return problem.replace(
    /pass it in options\.substitutions \(\{ "([^"]+)": '\.\.\.' \}\)/,
    (_match, name: string) => `pass --substitute ${name}=...`,
  );
}
