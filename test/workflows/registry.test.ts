import { describe, expect, it } from 'vitest';
import { findWorkflow, WORKFLOWS } from '../../workflows/registry.ts';
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

  it('names the registered workflows when asked for an unknown one', () => {
    expect(() => findWorkflow('nope')).toThrow(
      "unknown workflow 'nope' (registered: market-data-pipeline",
    );
  });
});
