/**
 * Definition substitutions: `${Name}` placeholders in string values are replaced before the
 * definition is validated, as CloudFormation's DefinitionSubstitutions (and CDK's
 * `definitionSubstitutions`) do at deploy time. A placeholder left without a value is a problem:
 * deployed, it would reach AWS as a literal `${Name}` (an invalid ARN, a bucket that does not exist).
 */
const placeholder = /\$\{([A-Za-z0-9_.:-]+)\}/g;

export type SubstitutionResult = { definition: unknown; problems: string[] };

export function applySubstitutions(
  definition: unknown,
  substitutions: Readonly<Record<string, string>> = {},
): SubstitutionResult {
  const problems: string[] = [];
  const walk = (value: unknown, location: string): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('${')) return value;
      return value.replace(placeholder, (match, name: string) => {
        const replacement = substitutions[name];
        if (replacement !== undefined) return replacement;
        problems.push(
          `${location || '/'}: placeholder ${match} has no value; pass it in options.substitutions ({ ${JSON.stringify(name)}: '...' })`,
        );
        return match;
      });
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${location}/${i}`));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = walk(item, `${location}/${key}`);
      return out;
    }
    return value;
  };
  return { definition: walk(definition, ''), problems };
}
