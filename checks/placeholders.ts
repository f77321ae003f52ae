/**
 * Every `${Name}` in the definition is declared, and every declared placeholder is used: infra and
 * the local runtime supply exactly the declared set, so either mismatch leaves a literal `${...}`
 * in a deployed ARN or a substitution that silently does nothing.
 */
import type { Check } from './types.ts';

const PLACEHOLDER = /\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export const placeholdersDeclared: Check = {
  name: 'placeholders',
  rule: 'every ${Placeholder} is declared, and every declared placeholder is used',
  run: (definition, ctx) => {
    const text = JSON.stringify(definition);
    const used = new Set<string>();
    const problems: string[] = [];
    for (const m of text.matchAll(PLACEHOLDER)) {
      const name = m[1] ?? '';
      if (!NAME.test(name)) {
        problems.push(`malformed placeholder ${JSON.stringify(m[0])} (want \${Name})`);
        continue;
      }
      used.add(name);
    }
    const declared = new Set(ctx.placeholders);
    for (const name of [...used].sort()) {
      if (!declared.has(name)) problems.push(`placeholder \${${name}} is used but not declared`);
    }
    for (const name of [...declared].sort()) {
      if (!used.has(name)) problems.push(`placeholder \${${name}} is declared but never used`);
    }
    return problems;
  },
};
