/**
 * An execution's history: events with GetExecutionHistory's types and detail fields, numbered from
 * 1, each pointing at the previous event of its own branch. Events are plain objects built once and
 * handed to `onEvent` as they are appended.
 */
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import { Limits } from '../asl/constants.ts';
import type { EngineClock } from './clock.ts';

type BaseKey = 'timestamp' | 'type' | 'id' | 'previousEventId';
export type DetailsKey = Exclude<keyof HistoryEvent, BaseKey>;

export type HistoryOptions = {
  clock: EngineClock;
  /** Keep the events (the top-level execution); child executions of a Distributed Map do not. */
  retain: boolean;
  onEvent?: ((event: HistoryEvent) => void) | undefined;
  /** Called once when the history reaches AWS's 25,000-event quota. */
  onLimit?: () => void;
};

export class History {
  readonly events: HistoryEvent[] = [];
  private lastId = 0;
  private full = false;

  /** False for a history nobody reads (a Map Run child with no listener): ids only, no objects. */
  readonly recording: boolean;

  constructor(private readonly options: HistoryOptions) {
    this.recording = options.retain || options.onEvent !== undefined;
  }

  get size(): number {
    return this.lastId;
  }

  /**
   * Appends an event and returns its id. Once the quota is reached only `final` events (the
   * execution's own end) are still recorded, so the history never grows past 25,000.
   */
  append<K extends DetailsKey>(
    type: HistoryEventType,
    previousEventId: number,
    detailsKey?: K,
    details?: NonNullable<HistoryEvent[K]>,
    final = false,
  ): number {
    if (this.full && !final) return this.lastId;
    const id = ++this.lastId;
    if (this.recording) {
      const event: HistoryEvent = {
        timestamp: this.options.clock.nowDate(),
        type,
        id,
        previousEventId,
      };
      if (detailsKey !== undefined)
        (event as unknown as Record<string, unknown>)[detailsKey] = details;
      if (this.options.retain) this.events.push(event);
      this.options.onEvent?.(event);
    }
    if (!this.full && id >= Limits.maxHistoryEvents - 1) {
      this.full = true;
      this.options.onLimit?.();
    }
    return id;
  }
}
