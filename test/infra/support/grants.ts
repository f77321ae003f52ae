/**
 * IAM statements compared grant by grant: each (action, resource, condition) triple of an Allow
 * statement, resources flattened to text (`<StorageDataBucketB1B922FA.Arn>/manifests/*`). One role
 * covers another's grant when it grants the same action under the same condition on a resource
 * pattern matching that grant's resource (IAM's `*` matches any run of characters).
 */

export type Grant = { action: string; resource: string; condition: string };

const flatten = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  if (typeof v.Ref === 'string') return `<${v.Ref}>`;
  if (Array.isArray(v['Fn::GetAtt'])) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  return JSON.stringify(value);
};

const list = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export const grantsOf = (statements: ReadonlyArray<Record<string, unknown>>): Grant[] =>
  statements
    .filter((st) => st.Effect === 'Allow')
    .flatMap((st) =>
      list(st.Action).flatMap((action) =>
        list(st.Resource).map((resource) => ({
          action: action as string,
          resource: flatten(resource),
          condition: JSON.stringify(st.Condition ?? {}),
        })),
      ),
    );

const matches = (pattern: string, resource: string): boolean =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(resource);

/** The grants of `before` that no grant of `after` covers. */
export const uncovered = (before: readonly Grant[], after: readonly Grant[]): Grant[] =>
  before.filter(
    (old) =>
      !after.some(
        (g) =>
          g.action === old.action &&
          g.condition === old.condition &&
          matches(g.resource, old.resource),
      ),
  );

/**
 * The grants of `before`, a role of machine `machine`, that none of `children` covers once the
 * machine's name in the grant is read as that child's: the pipeline's hand-written role, whose
 * work is now done by the workflows it starts, each under its own state machine name.
 */
export const uncoveredBySplit = (
  before: readonly Grant[],
  machine: string,
  children: ReadonlyArray<{ machine: string; grants: readonly Grant[] }>,
): Grant[] =>
  before.filter((old) =>
    children.every(
      (child) =>
        uncovered(
          [
            {
              action: old.action,
              resource: old.resource.split(machine).join(child.machine),
              condition: old.condition.split(machine).join(child.machine),
            },
          ],
          child.grants,
        ).length > 0,
    ),
  );
