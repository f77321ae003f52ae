/** The estimated execution history stays under 25,000 events (and each child execution's too). */
import { Limits } from '../asl/constants.ts';
import { estimateHistoryEvents } from './history-estimate.ts';
import type { Check } from './types.ts';

const n = (v: number) => v.toLocaleString('en-US');

export const historyLimit: Check = {
  name: 'history-limit',
  rule: `estimated worst-case history stays under ${n(Limits.maxHistoryEvents)} events per execution`,
  run: (definition, ctx) => {
    const estimate = estimateHistoryEvents(definition, ctx.history);
    const max = Limits.maxHistoryEvents;
    const problems: string[] = [];
    if (estimate.events >= max) {
      problems.push(
        `State machine: an estimated ${n(estimate.events)} history events reach the ${n(max)} limit by ${n(estimate.events - max + 1)}`,
      );
    }
    for (const [map, events] of Object.entries(estimate.childEvents)) {
      if (events >= max) {
        problems.push(
          `Map '${map}': an estimated ${n(events)} events per child execution reach the ${n(max)} limit by ${n(events - max + 1)}`,
        );
      }
    }
    return problems;
  },
};
