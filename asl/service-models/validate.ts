/**
 * Checks a request against a service model's input shape, as the service checks it: unknown
 * members, required members, JSON types, enums, lengths, ranges and patterns, depth first. Every
 * problem names the member by its path in the request (`Instances.InstanceGroups[0].InstanceCount`)
 * and the rule, in the wording AWS's JSON services use for a ValidationException ("Value '0' at
 * '...' failed to satisfy constraint: Member must have value greater than or equal to 1").
 *
 * A JSON `null` member is an absent member (the SDKs send no value for it). A value the caller
 * cannot know yet (`unknown`: a static check's `{% %}` expression or `${Name}` placeholder) is
 * accepted as it is, and so is everything under it.
 */
import { compilePattern } from './pattern.ts';
import type { ServiceModel, Shape } from './types.ts';

export type RequestRule =
  | 'unknown-member'
  | 'required'
  | 'type'
  | 'enum'
  | 'length'
  | 'range'
  | 'pattern';

export type RequestProblem = {
  /** The member's path in the request; '' for the request itself. */
  path: string;
  rule: RequestRule;
  /** One sentence naming the path and the rule. */
  message: string;
};

export type ValidateOptions = {
  /** Values not known yet: accepted, not looked into. */
  unknown?: (value: unknown) => boolean;
  /**
   * Members (paths from the request root) that Step Functions serialises itself, so any JSON
   * value is accepted, and a string is checked as the model's string (e.g. StartExecution's
   * `Input`, Lambda's `Payload`).
   */
  jsonMembers?: readonly string[];
  /** Stop after this many problems (default 20). */
  limit?: number;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as AWS quotes it in a constraint message, shortened. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const memberPath = (parent: string, name: string) => (parent === '' ? name : `${parent}.${name}`);

/** The closest member name, for "did you mean": another case, a prefix, or 2 edits away. */
function closest(name: string, members: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = members.find((m) => m.toLowerCase() === lower);
  if (sameCase) return sameCase;
  // A member cut short or run on (`StateMachine` for `StateMachineArn`).
  const extended = members.find((m) => {
    const l = m.toLowerCase();
    return lower.length >= 4 && l.length >= 4 && (l.startsWith(lower) || lower.startsWith(l));
  });
  if (extended) return extended;
  let best: string | undefined;
  let bestDistance = 3;
  for (const m of members) {
    const d = distance(lower, m.toLowerCase());
    if (d < bestDistance) {
      best = m;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(
        Math.min(
          (row[j - 1] as number) + 1,
          (previous[j] as number) + 1,
          (previous[j - 1] as number) + cost,
        ),
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
}

const typeWords: Readonly<Record<Shape['type'], string>> = {
  structure: 'an object',
  map: 'an object (a map)',
  list: 'a list',
  string: 'a string',
  integer: 'an integer',
  long: 'an integer',
  float: 'a number',
  double: 'a number',
  boolean: 'a boolean',
  timestamp: 'a timestamp (an ISO-8601 string or epoch seconds)',
  blob: 'a value',
};

function hasType(shape: Shape, value: unknown): boolean {
  switch (shape.type) {
    case 'structure':
    case 'map':
      return isObject(value);
    case 'list':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return (
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
      );
    case 'blob':
      // The SDK integrations take text, or any JSON they serialise (S3's Body, Lambda's Payload).
      return true;
  }
}

class Walk {
  readonly problems: RequestProblem[] = [];
  constructor(
    readonly model: ServiceModel,
    readonly options: ValidateOptions,
  ) {}

  shape(name: string): Shape {
    const shape = this.model.shapes[name];
    if (shape === undefined) throw new Error(`${this.model.service}: no shape ${name}`);
    return shape;
  }

  full(): boolean {
    return this.problems.length >= (this.options.limit ?? 20);
  }

  add(path: string, rule: RequestRule, message: string): void {
    if (!this.full()) this.problems.push({ path, rule, message });
  }

  constraint(path: string, rule: RequestRule, value: unknown, constraint: string): void {
    this.add(
      path,
      rule,
      `Value '${shown(value)}' at '${path}' failed to satisfy constraint: ${constraint}`,
    );
  }

  value(shape: Shape, value: unknown, path: string, owner: string): void {
    if (this.full() || this.options.unknown?.(value)) return;
    const json = this.options.jsonMembers?.includes(path) ?? false;
    if (json && typeof value !== 'string') return;
    if (!hasType(shape, value)) {
      this.constraint(path, 'type', value, `Member must be ${typeWords[shape.type]}`);
      return;
    }
    switch (shape.type) {
      case 'structure':
        this.structure(shape, value as Record<string, unknown>, path, owner);
        return;
      case 'list':
        this.size(shape, value, (value as unknown[]).length, path);
        (value as unknown[]).forEach((item, i) => {
          if (shape.member) this.member(shape.member.shape, item, `${path}[${i}]`, owner);
        });
        return;
      case 'map': {
        const entries = Object.entries(value as Record<string, unknown>);
        this.size(shape, value, entries.length, path);
        for (const [key, item] of entries) {
          const at = `${path}[${JSON.stringify(key)}]`;
          if (shape.key) this.value(this.shape(shape.key.shape), key, at, owner);
          if (shape.value) this.member(shape.value.shape, item, at, owner);
        }
        return;
      }
      case 'string':
        this.string(shape, value as string, path);
        return;
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        this.range(shape, value as number, path);
        return;
      default:
        return;
    }
  }

  member(shapeName: string, value: unknown, path: string, owner: string): void {
    if (value === null || value === undefined) return;
    this.value(this.shape(shapeName), value, path, owner);
  }

  structure(shape: Shape, value: Record<string, unknown>, path: string, owner: string): void {
    const members = shape.members ?? {};
    const names = Object.keys(members);
    for (const required of shape.required ?? []) {
      if (value[required] === undefined || value[required] === null) {
        const at = memberPath(path, required);
        this.add(
          at,
          'required',
          `Value null at '${at}' failed to satisfy constraint: Member must not be null`,
        );
      }
    }
    for (const [name, item] of Object.entries(value)) {
      const at = memberPath(path, name);
      const ref = members[name];
      if (ref === undefined) {
        const guess = closest(name, names);
        this.add(
          at,
          'unknown-member',
          `The field '${name}' at '${at}' is not a member of ${owner}${path === '' ? '' : `'s ${path}`} in ${this.model.serviceId}'s API model${guess ? ` (did you mean '${guess}'?)` : ''}`,
        );
        continue;
      }
      this.member(ref.shape, item, at, owner);
    }
  }

  size(shape: Shape, value: unknown, n: number, path: string): void {
    if (shape.min !== undefined && n < shape.min) {
      this.constraint(
        path,
        'length',
        value,
        `Member must have length greater than or equal to ${shape.min}`,
      );
    } else if (shape.max !== undefined && n > shape.max) {
      this.constraint(
        path,
        'length',
        value,
        `Member must have length less than or equal to ${shape.max}`,
      );
    }
  }

  string(shape: Shape, value: string, path: string): void {
    if (shape.enum && !shape.enum.includes(value)) {
      this.constraint(
        path,
        'enum',
        value,
        `Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
      );
      return;
    }
    this.size(shape, value, value.length, path);
    if (shape.pattern !== undefined) {
      const re = compilePattern(shape.pattern);
      if (re && !re.test(value)) {
        this.constraint(
          path,
          'pattern',
          value,
          `Member must satisfy regular expression pattern: ${shape.pattern}`,
        );
      }
    }
  }

  range(shape: Shape, value: number, path: string): void {
    if (shape.min !== undefined && value < shape.min) {
      this.constraint(
        path,
        'range',
        value,
        `Member must have value greater than or equal to ${shape.min}`,
      );
    } else if (shape.max !== undefined && value > shape.max) {
      this.constraint(
        path,
        'range',
        value,
        `Member must have value less than or equal to ${shape.max}`,
      );
    }
  }
}

/**
 * Every problem of `request` against `shape` (a shape name of the model, or a shape built from
 * the model's shapes); `owner` names the request in messages (`RunJobFlow`).
 */
export function validateAgainstShape(
  model: ServiceModel,
  shape: string | Shape,
  request: unknown,
  owner: string,
  options: ValidateOptions = {},
): RequestProblem[] {
  const walk = new Walk(model, options);
  const root = typeof shape === 'string' ? walk.shape(shape) : shape;
  if (request === null || request === undefined) walk.value(root, {}, '', owner);
  else walk.value(root, request, '', owner);
  return walk.problems;
}

/** The problems as one ValidationException message: "2 validation errors detected: a; b". */
export function validationMessage(problems: readonly RequestProblem[]): string {
  const n = problems.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.map((p) => p.message).join('; ')}`;
}
