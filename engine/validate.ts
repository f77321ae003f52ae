/**
 * Turning a raw definition into runnable models: substitutions first, then structural validation,
 * then compilation (which checks every JSONata expression). Every problem of every stage that can
 * run is reported together.
 */

import { expressionText } from '../asl/expression.ts';
import type { RawObject } from '../asl/raw-definition.ts';
import { validateStructure } from '../asl/validate/structure.ts';
import { compileDefinition } from './compile.ts';
import {
  type CompilerBudget,
  ExpressionCompiler,
  type ExpressionRuntime,
  isJsonataError,
} from './jsonata/expression.ts';
import type { MachineModel } from './model.ts';
import { applySubstitutions } from './substitute.ts';

export type Prepared =
  | { machine: MachineModel; problems: [] }
  | { machine: undefined; problems: string[] };

/** Syntax errors of every `{% %}` string, for definitions too broken to compile. */
function expressionSyntaxProblems(
  value: unknown,
  location: string,
  compiler: ExpressionCompiler,
): string[] {
  const text = expressionText(value);
  if (text !== undefined) {
    try {
      compiler.compile(text);
      return [];
    } catch (error) {
      const message = isJsonataError(error) ? `${error.code}: ${error.message}` : String(error);
      return [`${location}: INVALID_JSONATA_EXPRESSION '${text}': ${message}`];
    }
  }
  if (Array.isArray(value))
    return value.flatMap((v, i) => expressionSyntaxProblems(v, `${location}/${i}`, compiler));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) =>
      expressionSyntaxProblems(v, `${location}/${k}`, compiler),
    );
  }
  return [];
}

export function prepareDefinition(
  definition: unknown,
  substitutions: Readonly<Record<string, string>> | undefined,
  runtime: ExpressionRuntime,
  budget?: CompilerBudget,
): Prepared {
  const substituted = applySubstitutions(definition, substitutions);
  const compiler = new ExpressionCompiler(runtime, budget);
  const structural = [...substituted.problems, ...validateStructure(substituted.definition)];
  if (structural.length > 0) {
    return {
      machine: undefined,
      problems: [...structural, ...expressionSyntaxProblems(substituted.definition, '', compiler)],
    };
  }
  const compiled = compileDefinition(substituted.definition as RawObject, compiler);
  if (compiled.problems.length > 0) return { machine: undefined, problems: compiled.problems };
  return { machine: compiled.machine, problems: [] };
}

/**
 * Every problem that would stop the definition from running here (and, for the rules AWS
 * enforces, from being created on AWS). Empty when it is valid.
 */
export function validateDefinition(
  definition: unknown,
  substitutions?: Readonly<Record<string, string>>,
): string[] {
  return prepareDefinition(definition, substitutions, { random: Math.random, nowMs: Date.now })
    .problems;
}
