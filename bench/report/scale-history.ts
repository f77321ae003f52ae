/**
 * A history of `tickers` download iterations made from a recorded run's: each Map iteration of
 * the recorded run (its events chained by previousEventId from MapIterationStarted) is cloned,
 * renamed to a new ticker and renumbered, so the run report reads an inline Map of that many
 * tickers with the recorded run's shape (retries, Lambda calls, timings) and everything outside
 * the Map unchanged. Used by bench/report.bench.ts: a real 5,000-ticker run is a Distributed Map
 * whose children the report does not read yet.
 */
type Event = { id: number; previousEventId?: number; type: string; [key: string]: unknown };

export function scaleHistory(
  events: readonly Event[],
  tickerOf: (index: number) => string,
  tickers: number,
): Event[] {
  const mapStarted = events.find((e) => e.type === 'MapStateStarted');
  if (!mapStarted) throw new Error('the recorded run has no Map state');
  const prefix = events.filter((e) => e.id <= mapStarted.id);
  const groupOf = new Map<number, number>();
  const groups: Event[][] = [];
  const suffix: Event[] = [];
  for (const e of events) {
    if (e.id <= mapStarted.id) continue;
    if (e.type === 'MapIterationStarted' && e.previousEventId === mapStarted.id) {
      groupOf.set(e.id, groups.length);
      groups.push([e]);
      continue;
    }
    const group = e.previousEventId === undefined ? undefined : groupOf.get(e.previousEventId);
    if (group === undefined) suffix.push(e);
    else {
      groupOf.set(e.id, group);
      groups[group]?.push(e);
    }
  }
  if (groups.length === 0) throw new Error('the recorded run has no Map iterations');

  let next = 0;
  const renumber = (list: readonly Event[], ids: Map<number, number>) =>
    list.map((e) => {
      const id = ++next;
      ids.set(e.id, id);
      const previous = e.previousEventId === undefined ? undefined : ids.get(e.previousEventId);
      return { ...e, id, ...(previous !== undefined ? { previousEventId: previous } : {}) };
    });
  const outer = new Map<number, number>();
  const out = renumber(prefix, outer).map((e) =>
    e.type === 'MapStateStarted' ? { ...e, mapStateStartedEventDetails: { length: tickers } } : e,
  );
  for (let i = 0; i < tickers; i++) {
    const source = groups[i % groups.length] as Event[];
    const original = tickerOfGroup(source);
    const renamed = source.map((e) => {
      let text = JSON.stringify(e);
      if (original) text = text.replaceAll(original, tickerOf(i));
      const clone = JSON.parse(text) as Event;
      for (const [key, details] of Object.entries(clone)) {
        if (/^mapIteration\w+EventDetails$/.test(key) && details && typeof details === 'object') {
          (details as { index: number }).index = i;
        }
      }
      return clone;
    });
    const ids = new Map(outer);
    out.push(...renumber(renamed, ids));
  }
  out.push(...renumber(suffix, outer));
  return out;
}

/** The ticker an iteration downloads: the `ticker` of its first state's input. */
function tickerOfGroup(group: readonly Event[]): string | undefined {
  for (const e of group) {
    const input = (e.stateEnteredEventDetails as { input?: string } | undefined)?.input;
    if (!input) continue;
    try {
      const ticker = (JSON.parse(input) as { ticker?: unknown }).ticker;
      if (typeof ticker === 'string') return ticker;
    } catch {
      // not JSON: look further
    }
  }
  return undefined;
}
