/**
 * asl-validator (the community ASL JSON-schema validator). It adds QueryLanguage to every state
 * of what it is given, so it gets a deep copy.
 */
import validator from 'asl-validator';
import type { Check } from './types.ts';

export const aslValidator: Check = {
  name: 'asl-validator',
  rule: 'asl-validator 4 accepts the definition (schema, transitions, terminal states, JSONata)',
  run: (definition) => {
    const copy = structuredClone(definition) as unknown as Record<string, unknown>;
    const result = validator(copy);
    if (result.isValid) return [];
    return result.errors.map((e) => {
      if ('Message' in e) return `asl-validator: ${e['Error code']}: ${e.Message}`;
      return `asl-validator: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`;
    });
  },
};
