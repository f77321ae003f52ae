import { describe, expect, it } from 'vitest';
import {
  localConf,
  parseS3Uri,
  planSparkStep,
  splitSparkSubmit,
} from '../../../runtime/emr/spark-submit.ts';

/** Arguments before the application: the local master and settings. */
const n = 2 + localConf.length;

const trainArgs = [
  '--deploy-mode',
  'cluster',
  's3://data/code/train/train_model.py',
  '--input',
  's3://data/raw/interval=1m/date=2026-11-26/,s3://data/raw/interval=1m/date=2026-11-27/',
  '--output',
  's3://data/models/run-1/',
  '--max-depth',
  '5',
  '--test-fraction',
  '0.2',
];

describe('planSparkStep', () => {
  it('replaces --deploy-mode cluster with a local master', () => {
    const plan = planSparkStep(trainArgs, '/w');
    expect(plan.args.slice(0, 2 + localConf.length)).toStrictEqual([
      '--master',
      'local[*]',
      ...localConf,
    ]);
    expect(plan.args).not.toContain('--deploy-mode');
    expect(plan.args).not.toContain('cluster');
  });

  it('maps the application and each comma-separated input prefix into the work folder', () => {
    const plan = planSparkStep(trainArgs, '/w');
    expect(plan.args.slice(n, n + 3)).toStrictEqual([
      '/w/in/data/code/train/train_model.py',
      '--input',
      '/w/in/data/raw/interval=1m/date=2026-11-26/,/w/in/data/raw/interval=1m/date=2026-11-27/',
    ]);
    expect(plan.inputs.map((i) => [i.bucket, i.key])).toStrictEqual([
      ['data', 'code/train/train_model.py'],
      ['data', 'raw/interval=1m/date=2026-11-26/'],
      ['data', 'raw/interval=1m/date=2026-11-27/'],
    ]);
  });

  it('maps the --output value to an output folder, not an input', () => {
    const plan = planSparkStep(trainArgs, '/w');
    expect(plan.outputs).toStrictEqual([
      {
        uri: 's3://data/models/run-1/',
        bucket: 'data',
        key: 'models/run-1/',
        local: '/w/out/data/models/run-1/',
      },
    ]);
    expect(plan.args.slice(n + 3)).toStrictEqual([
      '--output',
      '/w/out/data/models/run-1/',
      '--max-depth',
      '5',
      '--test-fraction',
      '0.2',
    ]);
  });

  it('stages s3:// entries of --py-files and keeps other spark options', () => {
    const plan = planSparkStep(
      [
        '--master',
        'yarn',
        '--py-files',
        's3://b/lib.zip,local.py',
        '--conf',
        'a=b',
        's3://b/app.py',
      ],
      '/w',
    );
    expect(plan.args).toStrictEqual([
      '--master',
      'local[*]',
      ...localConf,
      '--py-files',
      '/w/in/b/lib.zip,local.py',
      '--conf',
      'a=b',
      '/w/in/b/app.py',
    ]);
  });

  it('accepts --flag=value forms for options and outputs', () => {
    const plan = planSparkStep(
      ['--deploy-mode=cluster', 's3://b/app.py', '--output=s3://b/o/'],
      '/w',
    );
    expect(plan.args.slice(n)).toStrictEqual(['/w/in/b/app.py', '--output=/w/out/b/o/']);
    expect(plan.outputs[0]?.key).toBe('o/');
  });
});

describe('splitSparkSubmit', () => {
  it('fails naming the arguments when no application is given', () => {
    expect(() => splitSparkSubmit(['--deploy-mode', 'cluster'])).toThrow(
      /name no application: \["--deploy-mode","cluster"\]/,
    );
  });

  it('treats --verbose as a switch without a value', () => {
    expect(splitSparkSubmit(['--verbose', 'app.py', 'x'])).toStrictEqual({
      options: [['--verbose']],
      application: 'app.py',
      applicationArgs: ['x'],
    });
  });
});

describe('parseS3Uri', () => {
  it('splits bucket and key and rejects other schemes', () => {
    expect(parseS3Uri('s3://bucket/a/b.csv')).toStrictEqual({
      uri: 's3://bucket/a/b.csv',
      bucket: 'bucket',
      key: 'a/b.csv',
    });
    expect(parseS3Uri('/local/path')).toBeUndefined();
  });
});
