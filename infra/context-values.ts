/**
 * Reading one CDK context value: the lookup, the error naming the key, the rule and the value,
 * and the readers for text, integers and flags (settings.ts and schedule-settings.ts use them).
 */

export type Lookup = (key: string) => unknown;

export class SettingError extends Error {
  constructor(key: string, rule: string, value: unknown) {
    super(`context '${key}' ${rule}, got ${JSON.stringify(value)}`);
    this.name = 'SettingError';
  }
}

export const text = (get: Lookup, key: string, pattern: RegExp, rule: string) => {
  const value = get(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) throw new SettingError(key, rule, value);
  return value;
};

/** `-c key=42` arrives as a string, cdk.json values as numbers: accept both. */
export const integer = (get: Lookup, key: string, min: number, max: number) => {
  const value = get(key);
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new SettingError(key, `must be an integer from ${min} to ${max}`, value);
  }
  return n;
};

export const flag = (get: Lookup, key: string) => {
  const value = get(key);
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new SettingError(key, 'must be true or false', value);
};
