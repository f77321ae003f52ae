import { describe, expect, it } from 'vitest';
import { allSnapshots, findWorkflow, WORKFLOWS } from '../../workflows/registry.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../workflows/workflow.ts';

const tiny: WorkflowDefinition<{ seconds: number }> = {
  name: 'tiny-wait',
  description: 'waits, then succeeds',
  defaultConfig: { seconds: 1 },
  build: ({ seconds }) => ({
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'Wait',
      States: { Wait: { Type: 'Wait', Seconds: seconds, End: true } },
    },
    placeholders: [],
    checkContext: {
      placeholders: [],
      history: { defaultMapItems: 1 },
      payload: { mapItems: {}, itemSamples: {}, taskResults: {}, variables: {}, context: {} },
    },
    summary: `waits ${seconds} s`,
  }),
  input: [],
  tasks: { lambdas: [], sparkScripts: [] },
  variants: [
    { id: undefined, description: 'default', config: { seconds: 1 } },
    { id: 'long', description: 'a long wait', config: { seconds: 60 } },
  ],
};

describe('defineWorkflow', () => {
  it('names each snapshot <workflow>[.<variant>].asl.json and builds it from its config', () => {
    const w = defineWorkflow(tiny);
    expect(w.snapshots.map((s) => s.file)).toStrictEqual([
      'tiny-wait.asl.json',
      'tiny-wait.long.asl.json',
    ]);
    expect(w.snapshots[1]?.build().summary).toBe('waits 60 s');
    expect(w.buildDefault().summary).toBe('waits 1 s');
  });

  it('refuses a name that is not kebab-case, naming the field', () => {
    expect(() => defineWorkflow({ ...tiny, name: 'Tiny_Wait' })).toThrow(
      "workflow 'Tiny_Wait': name must be kebab-case (a-z, 0-9, single dashes), got 'Tiny_Wait'",
    );
  });

  it('refuses a first variant that is not the default config', () => {
    expect(() => defineWorkflow({ ...tiny, variants: tiny.variants.slice(1) })).toThrow(
      "workflow 'tiny-wait': variants[0] must be the default config (id undefined)",
    );
  });

  it('refuses an input field that is not one input key', () => {
    const input = [{ name: 'from, to', type: 'YYYY-MM-DD', default: '-', description: '-' }];
    expect(() => defineWorkflow({ ...tiny, input })).toThrow(
      "workflow 'tiny-wait': input[0].name must be one input key (letters and digits), got 'from, to'",
    );
  });

  it('refuses a variant id used twice', () => {
    const variants = [
      ...tiny.variants,
      { id: 'long', description: 'again', config: { seconds: 2 } },
    ];
    expect(() => defineWorkflow({ ...tiny, variants })).toThrow(
      "workflow 'tiny-wait': variants[2].id 'long' is used twice",
    );
  });
});

describe('the registry', () => {
  it('lists each workflow once, by a unique name', () => {
    const names = WORKFLOWS.map((w) => w.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('market-data-pipeline');
  });

  it('lists the pipeline first, then collect-bars and train-model', () => {
    expect(WORKFLOWS.map((w) => w.name)).toStrictEqual([
      'market-data-pipeline',
      'collect-bars',
      'train-model',
    ]);
  });

  it('schedules collect-bars on weekdays after the London close, and train-model never', () => {
    expect(findWorkflow('collect-bars').schedule).toStrictEqual({
      expression: 'cron(30 17 ? * MON-FRI *)',
      timeZone: 'Europe/London',
      description: 'weekdays 17:30 London, after the LSE close',
    });
    expect(findWorkflow('train-model').schedule).toBeUndefined();
  });

  it('declares the code each workflow calls: the composed pipeline calls none itself', () => {
    expect(findWorkflow('market-data-pipeline').tasks).toStrictEqual({
      lambdas: [],
      sparkScripts: [],
    });
    expect(findWorkflow('collect-bars').tasks).toStrictEqual({
      lambdas: ['prepare-input', 'download-ticker'],
      sparkScripts: [],
    });
    expect(findWorkflow('train-model').tasks).toStrictEqual({
      lambdas: ['prepare-input'],
      sparkScripts: ['train/train_model.py'],
    });
  });

  it('snapshots the composed pipeline once, collect-bars in both download modes and train-model once', () => {
    expect(allSnapshots().map((s) => s.file)).toStrictEqual([
      'market-data-pipeline.asl.json',
      'collect-bars.asl.json',
      'collect-bars.distributed.asl.json',
      'train-model.asl.json',
    ]);
  });

  it('names the registered workflows when asked for an unknown one', () => {
    expect(() => findWorkflow('nope')).toThrow(
      "unknown workflow 'nope' (registered: market-data-pipeline",
    );
  });
});
