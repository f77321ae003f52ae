/** The colour of each state status, in the graph, the timeline and the legend. */
import type { StateStatus } from './model.ts';

export const STATUS_COLOURS: Record<StateStatus, string> = {
  succeeded: '#2e9d4f',
  failed: '#d73a49',
  caught: '#e36209',
  retried: '#c9a100',
  running: '#3b82f6',
  'not-entered': '#c8ccd1',
};

export const STATUS_LABELS: Record<StateStatus, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  caught: 'caught',
  retried: 'retried',
  running: 'running',
  'not-entered': 'not entered',
};
