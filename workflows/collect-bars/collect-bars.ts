/**
 * collect-bars: the collection job on its own. Typed config in, one JSONata ASL definition out;
 * pure, built from the pipeline's parts (workflows/pipeline/*). No cluster.
 *
 *   ValidateInput -> CheckInput -(bad)-> RejectInput (InvalidInputError)
 *     -> [inline]      PrepareInput -> DownloadTickers (inline Map; each Lambda writes its objects)
 *        [distributed] ChooseTickerSource -> (PrepareInput -> WriteTickerList)
 *                      -> DownloadTickers (distributed Map; each batch's Lambda writes its objects)
 *                      -> ReadManifest -> SumResults
 *     -> WriteRunManifest (manifests/collect-bars/<execution>.json) -> Summary
 *
 * docs/workflow.md (collect-bars) describes the steps, the input, the output and the manifest.
 */

import type { StateMachine } from '../../asl/types.ts';
import type { Named } from '../../builders/assert.ts';
import { stateMachine } from '../../builders/state-machine.ts';
import type { CheckContext } from '../../checks/types.ts';
import {
  DATE_FIELD,
  INTERVAL_FIELD,
  PROVIDER_FIELD,
  REPLACE_WITH_FEWER_ROWS_FIELD,
  TO_FIELD,
} from '../input-fields.ts';
import { maxTickers } from '../pipeline/bounds.ts';
import { distributedDownload } from '../pipeline/download-distributed.ts';
import { inlineDownload } from '../pipeline/download-inline.ts';
import { readManifest, sumResults } from '../pipeline/download-results.ts';
import { inputStates } from '../pipeline/input.ts';
import type { DownloadModeResolved } from '../pipeline/limits.ts';
import { prepareInput } from '../pipeline/prepare-input.ts';
import { chooseTickerSource, writeTickerList } from '../pipeline/ticker-source.ts';
import { defineWorkflow } from '../workflow.ts';
import { collectBarsCheckContext } from './check-model.ts';
import { type CollectBarsConfig, defaultCollectBarsConfig } from './config.ts';
import { collectBarsInputSpec } from './input.ts';
import {
  type CollectBarsEstimates,
  collectBarsLimitProblems,
  estimateCollectBars,
  inlineManifestBytes,
  MANIFEST_MAX_BYTES,
  timeoutBudgetSeconds,
} from './limits.ts';
import {
  batchObjectsInput,
  inlineObjectsAssign,
  inlineObjectsField,
  inlineObjectsKeyField,
} from './objects.ts';
import { COLLECT_BARS_PLACEHOLDERS } from './placeholders.ts';
import { writeRunManifest } from './run-manifest.ts';
import { collectSummary } from './summary.ts';
import { validateCollectBarsConfig } from './validate-config.ts';
import { COLLECT_BARS_VARIANTS } from './variants.ts';

export type CollectBarsBuild = {
  definition: StateMachine;
  placeholders: readonly string[];
  downloadMode: DownloadModeResolved;
  estimates: CollectBarsEstimates;
  checkContext: CheckContext;
};

/**
 * `auto`: INLINE while the universe is at most `inlineMaxTickers`, its manifest (every ticker
 * listed) fits a state payload and its downloads, one wave of `maxConcurrency` after another,
 * fit the execution timeout; DISTRIBUTED otherwise.
 */
export const resolveCollectMode = (c: CollectBarsConfig): DownloadModeResolved => {
  if (c.download.mode !== 'auto') return c.download.mode;
  return maxTickers(c) <= c.download.inlineMaxTickers &&
    inlineManifestBytes(c) <= MANIFEST_MAX_BYTES &&
    timeoutBudgetSeconds(c, 'inline') <= c.timeouts.executionSeconds
    ? 'inline'
    : 'distributed';
};

const downloadStates = (c: CollectBarsConfig, mode: DownloadModeResolved): Named[] => {
  if (mode === 'inline') {
    return [
      prepareInput(c, 'DownloadTickers'),
      inlineDownload(c, 'WriteRunManifest', {
        itemFields: inlineObjectsKeyField,
        resultFields: inlineObjectsField,
        assign: { objects: inlineObjectsAssign },
      }),
    ];
  }
  return [
    chooseTickerSource(c, 'PrepareInput', 'DownloadTickers'),
    prepareInput(c, 'WriteTickerList'),
    writeTickerList(c, 'DownloadTickers'),
    distributedDownload(c, 'ReadManifest', { batchInput: batchObjectsInput }),
    readManifest(c, 'SumResults'),
    sumResults(c, 'WriteRunManifest'),
  ];
};

/**
 * Builds the definition. Throws, naming the state, the field and the value, on an invalid
 * config, and, naming the quota and the overshoot, on one that would exceed Step Functions limits
 * at `universe.maxTickers` (default `universe.size`) tickers.
 */
export const buildCollectBars = (config: CollectBarsConfig): CollectBarsBuild => {
  validateCollectBarsConfig(config);
  const mode = resolveCollectMode(config);
  const input = inputStates(
    config,
    collectBarsInputSpec(config),
    mode === 'inline' ? 'PrepareInput' : 'ChooseTickerSource',
  );
  const definition = stateMachine({
    comment:
      'collect-bars: download intraday bars per ticker and write a run manifest (keys, rows, SHA-256)',
    startAt: input.validate,
    timeoutSeconds: config.timeouts.executionSeconds,
    states: [
      input.validate,
      input.check,
      input.reject,
      ...downloadStates(config, mode),
      writeRunManifest(config, mode, 'Summary'),
      collectSummary(mode),
    ],
  });
  const estimates = estimateCollectBars(config, mode, definition);
  const problems = collectBarsLimitProblems(config, estimates);
  if (problems.length > 0) {
    throw new Error(
      `collect-bars config exceeds Step Functions limits:\n- ${problems.join('\n- ')}`,
    );
  }
  return {
    definition,
    placeholders: COLLECT_BARS_PLACEHOLDERS,
    downloadMode: mode,
    estimates,
    checkContext: collectBarsCheckContext(config, mode),
  };
};

/** collect-bars as the registry lists it (workflows/registry.ts). */
export const collectBars = defineWorkflow<CollectBarsConfig>({
  name: 'collect-bars',
  description:
    'Download intraday bars per ticker into the data bucket and write a run manifest (keys, rows, SHA-256); no cluster',
  defaultConfig: defaultCollectBarsConfig,
  build: (config) => {
    const build = buildCollectBars(config);
    return {
      definition: build.definition,
      placeholders: build.placeholders,
      checkContext: build.checkContext,
      summary:
        `${build.downloadMode} download, ~${build.estimates.historyEvents} history events, ` +
        `largest download payload ~${build.estimates.downloadPayloadBytes} bytes, ` +
        `run manifest ~${build.estimates.manifestBytes} bytes`,
    };
  },
  dates: 'range',
  input: [
    {
      name: 'tickers',
      type: 'string[]',
      default: 'the universe file',
      description: 'symbols to download',
    },
    DATE_FIELD,
    {
      name: 'from',
      type: 'YYYY-MM-DD',
      default: 'the last completed weekday session',
      description: 'first day of a window of at most 30 calendar days (with to)',
    },
    TO_FIELD,
    INTERVAL_FIELD,
    PROVIDER_FIELD,
    REPLACE_WITH_FEWER_ROWS_FIELD,
  ],
  tasks: { lambdas: ['prepare-input', 'download-ticker'], sparkScripts: [] },
  schedule: {
    expression: 'cron(30 17 ? * MON-FRI *)',
    timeZone: 'Europe/London',
    description: 'weekdays 17:30 London, after the LSE close',
  },
  variants: COLLECT_BARS_VARIANTS,
});
