/**
 * Refuses a train-model config at build time, naming the state, the field and the value: the
 * pipeline's checks of the sections it shares, and the data gate's own.
 */
import { Limits } from '../../asl/constants.ts';
import { maxTickers } from '../pipeline/bounds.ts';
import {
  fail,
  int,
  validateEmr,
  validateTimeouts,
  validateTraining,
  validateUniverse,
  validateWindowDefaults,
} from '../pipeline/validate-config.ts';
import { MAX_LISTED_PER_SESSION, type TrainModelConfig } from './config.ts';

export const validateTrainModelConfig = (c: TrainModelConfig): void => {
  validateUniverse(c);
  if (maxTickers(c) > MAX_LISTED_PER_SESSION) {
    fail(
      "Map 'ListSessions'",
      'universe.maxTickers (default universe.size)',
      `must be at most ${MAX_LISTED_PER_SESSION}, the tickers one listing of a session returns`,
      maxTickers(c),
    );
  }
  validateWindowDefaults(c, { training: true });
  validateEmr(c);
  validateTraining(c);
  const r = c.data.minTickerRatio;
  if (!(typeof r === 'number' && r > 0 && r <= 1)) {
    fail('Choice CheckTrainingData', 'data.minTickerRatio', 'must be a number in (0, 1]', r);
  }
  int(
    "Map 'ListSessions'",
    'data.maxConcurrency (MaxConcurrency)',
    c.data.maxConcurrency,
    1,
    Limits.inlineMapMaxConcurrency,
  );
  validateTimeouts(c);
};
