import { readFileSync } from 'node:fs';
import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** A history recorded from a real execution (see test/cli/fixtures/record-history.ts). */
export function loadRecordedHistory(file = 'moto-map-history.json'): HistoryEvent[] {
  const url = new URL(`../fixtures/${file}`, import.meta.url);
  const raw = JSON.parse(readFileSync(url, 'utf8')) as Array<HistoryEvent & { timestamp: string }>;
  return raw.map((event) => ({ ...event, timestamp: new Date(event.timestamp) }));
}
