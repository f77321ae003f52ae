/**
 * A Map's collected result stays under 256 KiB (Step Functions fails the state with
 * States.DataLimitExceeded past it), and so does each Distributed Map child's output.
 */
import { Limits } from '../asl/constants.ts';
import { walkStates } from '../asl/graph.ts';
import { estimateMapPayload } from './payload-estimate.ts';
import type { Check } from './types.ts';

const n = (v: number) => v.toLocaleString('en-US');

export const payloadLimit: Check = {
  name: 'payload-limit',
  rule: 'estimated Map results (and Distributed Map child outputs) stay under 256 KiB',
  run: async (definition, ctx) => {
    const problems: string[] = [];
    const max = Limits.maxPayloadBytes;
    for (const { name, state, scope } of walkStates(definition)) {
      if (state.Type !== 'Map') continue;
      try {
        const e = await estimateMapPayload(name, state, ctx.payload);
        if (e.resultBytes !== undefined && e.resultBytes > max) {
          problems.push(
            `${scope}: Map '${name}': result of ${n(e.items)} items is up to ${n(e.resultBytes)} bytes, over the ${n(max)}-byte limit by ${n(e.resultBytes - max)}`,
          );
        }
        if (state.ItemProcessor.ProcessorConfig?.Mode === 'DISTRIBUTED' && e.itemBytes > max) {
          problems.push(
            `${scope}: Map '${name}': a child execution's output is up to ${n(e.itemBytes)} bytes, over the ${n(max)}-byte limit by ${n(e.itemBytes - max)}`,
          );
        }
      } catch (err) {
        problems.push(`${scope}: cannot estimate the payload: ${(err as Error).message}`);
      }
    }
    return problems;
  },
};
