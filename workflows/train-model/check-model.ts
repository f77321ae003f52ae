/**
 * What the static checks need to know about train-model: its placeholders, how many sessions the
 * ListSessions Map runs at most, and worst-case samples (a full ListObjectsV2 page).
 */
import type { JsonValue } from '../../asl/types.ts';
import type { CheckContext } from '../../checks/types.ts';
import { maxWeekdaysIn } from '../../contracts/calendar/dates.ts';
import { maxInputTickers } from '../pipeline/bounds.ts';
import { WORST_CONTEXT, WORST_TICKER } from '../pipeline/check-model.ts';
import { MAX_LISTED_PER_SESSION, type TrainModelConfig } from './config.ts';
import { S3_LIST_OBJECTS_V2 } from './data-gate.ts';
import { TRAIN_MODEL_PLACEHOLDERS } from './placeholders.ts';

/** Sessions a window (or a manifest) may hold: ListSessions' iterations. */
export const maxSessions = (c: TrainModelConfig): number => maxWeekdaysIn(c.defaults.maxWindowDays);

const SESSION = '2026-01-01';

/** A full, truncated page of common prefixes, as `aws-sdk:s3:listObjectsV2` returns it. */
export const worstListing = (): JsonValue => {
  const prefix = `raw/interval=1m/date=${SESSION}/`;
  return {
    CommonPrefixes: Array.from({ length: MAX_LISTED_PER_SESSION }, () => ({
      Prefix: `${prefix}ticker=${WORST_TICKER}/`,
    })),
    Delimiter: '/',
    EncodingType: 'url',
    IsTruncated: true,
    KeyCount: MAX_LISTED_PER_SESSION,
    MaxKeys: MAX_LISTED_PER_SESSION,
    Name: 'B'.repeat(63),
    NextContinuationToken: 'T'.repeat(200),
    Prefix: prefix,
  };
};

export const trainModelCheckContext = (c: TrainModelConfig): CheckContext => {
  const sessions = maxSessions(c);
  const tickers = Array.from({ length: maxInputTickers(c) }, () => WORST_TICKER);
  return {
    placeholders: TRAIN_MODEL_PLACEHOLDERS,
    history: { mapItems: { ListSessions: sessions }, defaultMapItems: sessions },
    payload: {
      mapItems: { ListSessions: sessions },
      itemSamples: { ListSessions: SESSION },
      taskResults: { [S3_LIST_OBJECTS_V2]: worstListing() },
      variables: {
        run: {
          tickers,
          from: SESSION,
          to: '2026-01-31',
          dates: Array.from({ length: sessions }, () => SESSION),
          interval: '1m',
          maxDepth: 30,
          testFraction: 0.25,
          manifest: `manifests/collect-bars/${'N'.repeat(80)}.json`,
        },
        tickers,
      },
      context: WORST_CONTEXT,
    },
  };
};
