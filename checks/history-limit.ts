/** The estimated execution history stays under 25,000 events (and each child execution's too). */
import { Limits } from '../asl/constants.ts';
import { estimateHistoryEvents } from './history-estimate.ts';
import type { Check } from './types.ts';

const n = (v: number) => v.toLocaleString('en-US');

export const historyLimit: Check = {
  name: 'history-limit',
  rule: `estimated worst-case history stays within ${n(Limits.maxHistoryEvents)} events per execution`,
  run: (definition, ctx) => {
    const estimate = estimateHistoryEvents(definition, ctx.history);
    const max = Limits.maxHistoryEvents;
    const problems: string[] = [];
    if (estimate.events > max) {
      problems.push(
        `State machine: an estimated ${n(estimate.events)} history events exceed the ${n(max)}-event limit by ${n(estimate.events - max)}`,
      );
    }
    for (const [map, events] of Object.entries(estimate.childEvents)) {
      if (events > max) {
        problems.push(
          `Map '${map}': an estimated ${n(events)} events per child execution exceed the ${n(max)}-event limit by ${n(events - max)}`,
        );
      }
    }
    return problems;
  },
};
