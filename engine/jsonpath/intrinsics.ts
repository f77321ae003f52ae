/**
 * Intrinsic functions of JSONPath states (`"x.$": "States.Format('{}', $.name)"`): parsed once per
 * definition, evaluated against the state's bindings. Arguments are string literals in single
 * quotes (`\'`, `\\`, `\{`, `\}` escapes), numbers, `true`/`false`/`null`, paths (`$`, `$$`,
 * `$variable`) and nested calls. A call whose arguments break the function's rules fails with
 * States.IntrinsicFailure.
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
import { createHash } from 'node:crypto';
import { seededRandomSource } from '../../asl/sfn-functions.ts';
import type { JsonValue } from '../api.ts';
import { StatesIntrinsicFailureError } from '../errors.ts';
import type { StatesVar } from '../jsonata/states-var.ts';
import type { Bindings } from '../jsonata/types.ts';
import { type CompiledPath, compilePath, evaluatePath, notFound } from './path.ts';

export type IntrinsicArg =
  | { readonly kind: 'literal'; readonly value: JsonValue }
  | { readonly kind: 'path'; readonly path: CompiledPath }
  | { readonly kind: 'call'; readonly call: IntrinsicCall };

export type IntrinsicCall = {
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
};

/** What a path that matched nothing does: the caller names the field in AWS's wording. */
export type PathMissing = (path: CompiledPath, bindings: Bindings) => never;

/** True when a payload-template value is an intrinsic function call rather than a path. */
export function isIntrinsic(text: string): boolean {
  return text.startsWith('States.');
}

/** Parses `States.Name(args)`; throws an Error describing the first problem. */
export function parseIntrinsic(text: string): IntrinsicCall {
  const parser = new Parser(text);
  const call = parser.call();
  parser.blanks();
  if (!parser.done()) parser.fail('unexpected text after the closing parenthesis');
  return call;
}

class Parser {
  private i = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.i >= this.text.length;
  }

  fail(message: string): never {
    throw new Error(`invalid intrinsic function '${this.text}' at ${this.i}: ${message}`);
  }

  blanks(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i] as string)) this.i++;
  }

  call(): IntrinsicCall {
    const match = /^States\.([A-Za-z0-9]+)\(/.exec(this.text.slice(this.i));
    if (!match) this.fail('expected States.<Function>(');
    const name = `States.${match[1]}`;
    if (!(name in functions)) this.fail(`unknown function ${name}`);
    this.i += match[0].length;
    const args: IntrinsicArg[] = [];
    this.blanks();
    if (this.text[this.i] === ')') {
      this.i++;
      return { name, args };
    }
    for (;;) {
      this.blanks();
      args.push(this.arg());
      this.blanks();
      const c = this.text[this.i];
      this.i++;
      if (c === ')') return { name, args };
      if (c !== ',') this.fail("expected ',' or ')'");
    }
  }

  private arg(): IntrinsicArg {
    const rest = this.text.slice(this.i);
    if (rest.startsWith('States.')) return { kind: 'call', call: this.call() };
    if (rest.startsWith("'")) return { kind: 'literal', value: this.string() };
    if (rest.startsWith('$')) {
      const text = this.pathText();
      try {
        return { kind: 'path', path: compilePath(text) };
      } catch (error) {
        return this.fail((error as Error).message);
      }
    }
    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)(?=\s*[,)])/.exec(rest);
    if (!literal) this.fail('expected a string, number, boolean, null, path or function call');
    this.i += literal[0].length;
    return { kind: 'literal', value: JSON.parse(literal[0]) as JsonValue };
  }

  /** A quoted string; `\{` and `\}` stay escaped for States.Format and are unescaped elsewhere. */
  private string(): string {
    let out = '';
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i] as string;
      if (c === '\\') {
        const next = this.text[this.i + 1];
        if (next === undefined) break;
        out += next === '{' || next === '}' ? `\\${next}` : next;
        this.i += 2;
        continue;
      }
      if (c === "'") {
        this.i++;
        return out;
      }
      out += c;
      this.i++;
    }
    return this.fail('unterminated string');
  }

  /** A path argument: up to a ',' or ')' outside brackets, parentheses and quotes. */
  private pathText(): string {
    const start = this.i;
    let depth = 0;
    let quote: string | undefined;
    for (; this.i < this.text.length; this.i++) {
      const c = this.text[this.i] as string;
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth++;
      else if ((c === ']' || c === ')') && depth > 0) depth--;
      else if (depth === 0 && (c === ',' || c === ')')) break;
    }
    return this.text.slice(start, this.i).trim();
  }
}

/** A literal string without its `\{` `\}` escapes (every function but Format's template). */
function unescapeBraces(value: JsonValue): JsonValue {
  return typeof value === 'string' ? value.replace(/\\([{}])/g, '$1') : value;
}

export function evaluateIntrinsic(
  call: IntrinsicCall,
  bindings: Bindings,
  missing: PathMissing,
): JsonValue {
  const values = call.args.map((arg, i) => {
    if (arg.kind === 'call') return evaluateIntrinsic(arg.call, bindings, missing);
    if (arg.kind === 'path') {
      const value = evaluatePath(arg.path, bindings);
      if (value === notFound) return missing(arg.path, bindings);
      return value;
    }
    return call.name === 'States.Format' && i === 0 ? arg.value : unescapeBraces(arg.value);
  });
  const fn = functions[call.name] as IntrinsicFunction;
  return fn(values, call, bindings);
}

type IntrinsicFunction = (args: JsonValue[], call: IntrinsicCall, bindings: Bindings) => JsonValue;

function failure(call: IntrinsicCall, message: string): never {
  throw new StatesIntrinsicFailureError(`Invalid arguments in ${call.name}: ${message}`);
}

function arity(call: IntrinsicCall, args: JsonValue[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    failure(call, `expected ${expected} argument(s) but got ${args.length}`);
  }
}

function arrayArg(call: IntrinsicCall, value: JsonValue, position: number): JsonValue[] {
  if (!Array.isArray(value)) failure(call, `argument ${position} must be an array`);
  return value;
}

function stringArg(call: IntrinsicCall, value: JsonValue, position: number): string {
  if (typeof value !== 'string') failure(call, `argument ${position} must be a string`);
  return value;
}

function integerArg(call: IntrinsicCall, value: JsonValue, position: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    failure(call, `argument ${position} must be an integer`);
  return value;
}

function numberArg(call: IntrinsicCall, value: JsonValue, position: number): number {
  if (typeof value !== 'number') failure(call, `argument ${position} must be a number`);
  return value;
}

/** Deep equality of JSON values (object key order does not matter). */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEquals(item, b[i] as JsonValue));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && jsonEquals(a[k] as JsonValue, b[k] as JsonValue));
}

/** How States.Format prints a value: Java's toString of the parsed JSON (`{a=1, b=[x]}`). */
function formatValue(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${formatValue(v as JsonValue)}`)
      .join(', ')}}`;
  }
  return String(value);
}

const maxStringLength = 10_000;
const maxRangeItems = 1000;
const hashAlgorithms: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function runtimeOf(bindings: Bindings): { random: () => number; uuid: () => string } {
  return (bindings.states as StatesVar).info.exec.run;
}

const functions: Record<string, IntrinsicFunction> = {
  'States.Format': (args, call) => {
    if (args.length < 1) failure(call, 'expected a format string');
    const template = stringArg(call, args[0] as JsonValue, 1);
    const parts = template.split(/(?<!\\)\{\}/);
    if (parts.length - 1 !== args.length - 1) {
      failure(
        call,
        `the format string has ${parts.length - 1} placeholder(s) but ${args.length - 1} value(s) were given`,
      );
    }
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      out += (parts[i] as string).replace(/\\([{}\\'])/g, '$1');
      if (i < parts.length - 1) out += formatValue(args[i + 1] as JsonValue);
    }
    return out;
  },
  'States.StringToJson': (args, call) => {
    arity(call, args, 1);
    const text = stringArg(call, args[0] as JsonValue, 1);
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      return failure(call, `argument 1 is not valid JSON: ${text}`);
    }
  },
  'States.JsonToString': (args, call) => {
    arity(call, args, 1);
    return JSON.stringify(args[0]);
  },
  'States.Array': (args) => args,
  'States.ArrayPartition': (args, call) => {
    arity(call, args, 2);
    const array = arrayArg(call, args[0] as JsonValue, 1);
    const size = integerArg(call, args[1] as JsonValue, 2);
    if (size <= 0) failure(call, 'the chunk size must be greater than 0');
    const chunks: JsonValue[] = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  },
  'States.ArrayContains': (args, call) => {
    arity(call, args, 2);
    const array = arrayArg(call, args[0] as JsonValue, 1);
    return array.some((item) => jsonEquals(item, args[1] as JsonValue));
  },
  'States.ArrayRange': (args, call) => {
    arity(call, args, 3);
    const start = integerArg(call, args[0] as JsonValue, 1);
    const end = integerArg(call, args[1] as JsonValue, 2);
    const step = integerArg(call, args[2] as JsonValue, 3);
    if (step === 0) failure(call, 'the step must not be 0');
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.push(v);
      if (out.length > maxRangeItems)
        failure(call, `the range would have more than ${maxRangeItems} items`);
    }
    return out;
  },
  'States.ArrayGetItem': (args, call) => {
    arity(call, args, 2);
    const array = arrayArg(call, args[0] as JsonValue, 1);
    const index = integerArg(call, args[1] as JsonValue, 2);
    if (index < 0 || index >= array.length)
      failure(call, `index ${index} is out of bounds for an array of ${array.length} item(s)`);
    return array[index] as JsonValue;
  },
  'States.ArrayLength': (args, call) => {
    arity(call, args, 1);
    return arrayArg(call, args[0] as JsonValue, 1).length;
  },
  'States.ArrayUnique': (args, call) => {
    arity(call, args, 1);
    const out: JsonValue[] = [];
    for (const item of arrayArg(call, args[0] as JsonValue, 1)) {
      if (!out.some((seen) => jsonEquals(seen, item))) out.push(item);
    }
    return out;
  },
  'States.Base64Encode': (args, call) => {
    arity(call, args, 1);
    const text = stringArg(call, args[0] as JsonValue, 1);
    if (text.length > maxStringLength)
      failure(call, `the input is longer than ${maxStringLength} characters`);
    return Buffer.from(text, 'utf8').toString('base64');
  },
  'States.Base64Decode': (args, call) => {
    arity(call, args, 1);
    const text = stringArg(call, args[0] as JsonValue, 1);
    if (text.length > maxStringLength)
      failure(call, `the input is longer than ${maxStringLength} characters`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
      failure(call, 'the input is not base64 data');
    return Buffer.from(text, 'base64').toString('utf8');
  },
  'States.Hash': (args, call) => {
    arity(call, args, 2);
    const data = args[0];
    if (data === null) failure(call, 'the data to hash must not be null');
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    if (text.length > maxStringLength)
      failure(call, `the data is longer than ${maxStringLength} characters`);
    const algorithm = stringArg(call, args[1] as JsonValue, 2);
    const node = hashAlgorithms[algorithm];
    if (!node) {
      failure(
        call,
        `the algorithm must be one of ${Object.keys(hashAlgorithms).join(', ')}, got ${algorithm}`,
      );
    }
    return createHash(node).update(text, 'utf8').digest('hex');
  },
  'States.JsonMerge': (args, call) => {
    arity(call, args, 3);
    const [a, b, deep] = args;
    if (typeof a !== 'object' || a === null || Array.isArray(a))
      failure(call, 'argument 1 must be a JSON object');
    if (typeof b !== 'object' || b === null || Array.isArray(b))
      failure(call, 'argument 2 must be a JSON object');
    if (deep !== false)
      failure(call, 'only a shallow merge is supported: argument 3 must be false');
    return { ...a, ...b };
  },
  'States.MathRandom': (args, call, bindings) => {
    arity(call, args, 2, 3);
    const start = integerArg(call, args[0] as JsonValue, 1);
    const end = integerArg(call, args[1] as JsonValue, 2);
    if (start >= end) failure(call, 'the start must be less than the end');
    // A seed gives the same number every time (AWS documents no generator: java.util.Random's,
    // as for JSONata's $random(seed)).
    const draw =
      args.length === 3
        ? seededRandomSource(integerArg(call, args[2] as JsonValue, 3))
        : runtimeOf(bindings).random;
    return start + Math.floor(draw() * (end - start));
  },
  'States.MathAdd': (args, call) => {
    arity(call, args, 2);
    // AWS rounds each operand to the nearest integer, halves upwards (Java's Math.round).
    const a = Math.round(numberArg(call, args[0] as JsonValue, 1));
    const b = Math.round(numberArg(call, args[1] as JsonValue, 2));
    return a + b;
  },
  'States.StringSplit': (args, call) => {
    arity(call, args, 2);
    const text = stringArg(call, args[0] as JsonValue, 1);
    const delimiters = stringArg(call, args[1] as JsonValue, 2);
    if (delimiters === '') return [text];
    // Every character of the delimiter string splits; empty pieces are dropped.
    const out: string[] = [];
    let piece = '';
    for (const c of text) {
      if (delimiters.includes(c)) {
        if (piece !== '') out.push(piece);
        piece = '';
      } else piece += c;
    }
    if (piece !== '') out.push(piece);
    return out;
  },
  'States.UUID': (args, call, bindings) => {
    arity(call, args, 0);
    return runtimeOf(bindings).uuid();
  },
};
