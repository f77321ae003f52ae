import { describe, expect, it } from 'vitest';
import { keyPatterns, runTimeKeyPatterns } from '../../infra/s3-keys.ts';

/** `${Name}`, a definition substitution. */
const ph = (name: string): string => `\${${name}}`;

const machine = (states: Record<string, unknown>) => ({
  StartAt: Object.keys(states)[0],
  States: states,
});
const get = (Key: unknown) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
  Arguments: { Bucket: ph('DataBucket'), Key },
  End: true,
});
const bare = machine({ A: get('x') });

describe('keyPatterns', () => {
  it('keeps a literal key exact and gives a literal prefix a *', () => {
    expect([
      keyPatterns(bare, 'config/universe.csv', false),
      keyPatterns(bare, 'raw/', true),
    ]).toStrictEqual([['config/universe.csv'], ['raw/*']]);
  });

  it('narrows an expression that starts with a string literal to that prefix', () => {
    expect(
      keyPatterns(bare, "{% 'manifests/' & $states.context.Execution.Name %}", false),
    ).toStrictEqual(['manifests/*']);
    expect(keyPatterns(bare, '{% "models/a.json" %}', false)).toStrictEqual(['models/a.json']);
  });

  it('cuts a literal at a placeholder, which is only known at deploy time', () => {
    expect(keyPatterns(bare, `code/${ph('Version')}/x.py`, false)).toStrictEqual(['code/*']);
  });

  it('reads a bare variable as the values its Assigns may hold', () => {
    const def = machine({
      A: { Type: 'Pass', Assign: { file: 'config/universe.csv' }, Next: 'B' },
      B: { Type: 'Pass', Assign: { file: "{% 'manifests/' & $id %}" }, Next: 'C' },
      C: get('{% $file %}'),
    });
    expect(keyPatterns(def, '{% $file %}', false)).toStrictEqual([
      'config/universe.csv',
      'manifests/*',
    ]);
  });

  it('grants a key learned at run time under the ResultWriter and listing prefixes', () => {
    const def = machine({
      L: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
        Arguments: { Bucket: ph('DataBucket'), Prefix: 'raw/' },
        Next: 'M',
      },
      M: {
        Type: 'Map',
        ResultWriter: {
          Resource: 'arn:aws:states:::s3:putObject',
          Arguments: { Bucket: ph('DataBucket'), Prefix: "{% 'manifests/' & $id %}" },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
        Next: 'R',
      },
      R: get('{% $states.input.Key %}'),
    });
    expect(runTimeKeyPatterns(def)).toStrictEqual(['raw/*', 'manifests/*']);
    expect(keyPatterns(def, '{% $states.input.Key %}', false)).toStrictEqual([
      'raw/*',
      'manifests/*',
    ]);
  });

  it('grants the whole bucket for a run-time key when the definition learns keys nowhere', () => {
    expect(keyPatterns(bare, '{% $states.input.Key %}', false)).toStrictEqual(['*']);
    expect(keyPatterns(bare, { jsonPath: '$.key' }, false)).toStrictEqual(['*']);
  });

  it('lets * swallow narrower patterns', () => {
    const def = machine({
      A: { Type: 'Pass', Assign: { k: 'a/b' }, Next: 'B' },
      B: { Type: 'Pass', Assign: { k: '{% $states.input.k %}' }, Next: 'C' },
      C: get('{% $k %}'),
    });
    expect(keyPatterns(def, '{% $k %}', false)).toStrictEqual(['*']);
  });
});
