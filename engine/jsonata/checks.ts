/**
 * Definition-time checks on a JSONata expression's syntax tree, mirroring what CreateStateMachine
 * refuses: a path that starts from the (absent) context item (`{% phone %}`), `$` or `$$` at the
 * top level, and `$states.result` / `$states.errorOutput` where the state cannot provide them.
 */
import type { ExprNode } from './types.ts';

/** Which `$states` fields the field being checked may read. */
export type StatesAccess = { result: boolean; errorOutput: boolean };

const statesFields = new Set(['input', 'context', 'result', 'errorOutput']);

export function checkExpressionTree(ast: ExprNode, access: StatesAccess): string[] {
  const problems: string[] = [];
  topLevel(ast, problems);
  walk(ast, (node) => {
    if (node.type !== 'path' || !node.steps) return;
    const [first, second] = node.steps;
    if (first?.type !== 'variable' || first.value !== 'states' || second?.type !== 'name') return;
    const field = String(second.value);
    if (!statesFields.has(field)) {
      problems.push(
        `'$states.${field}' does not exist; $states has input, context, result and errorOutput`,
      );
    } else if (field === 'result' && !access.result) {
      problems.push(
        `'$states.result' is only available in the Output and Assign of Task, Map and Parallel states`,
      );
    } else if (field === 'errorOutput' && !access.errorOutput) {
      problems.push(`'$states.errorOutput' is only available in a Catch's Output and Assign`);
    }
  });
  return problems;
}

function topLevel(ast: ExprNode, problems: string[]): void {
  const first = ast.type === 'path' ? ast.steps?.[0] : ast;
  if (!first) return;
  if (first.type === 'name') {
    problems.push(
      `Reference to '${String(first.value)}' at the top level is not supported; read the input as $states.input.${String(first.value)}`,
    );
  } else if (first.type === 'variable' && (first.value === '' || first.value === '$')) {
    problems.push(
      `Reference to '${first.value === '' ? '$' : '$$'}' is not supported; use $states.input or $states.context`,
    );
  }
}

/** Visits every node of a JSONata AST (the library's node shapes vary, so walk all object values). */
function walk(node: unknown, visit: (node: ExprNode) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  if (typeof (node as { type?: unknown }).type === 'string') visit(node as ExprNode);
  for (const value of Object.values(node)) {
    if (typeof value === 'object' && value !== null) walk(value, visit);
  }
}
