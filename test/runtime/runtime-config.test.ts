import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localLambdaEnv } from '../../runtime/lambda/environment.ts';
import { describeRun, localObjectPath } from '../../runtime/locations.ts';
import {
  allSubstitutions,
  checkExecutionName,
  defaultDefinitionFile,
  runLocal,
} from '../../runtime/runtime.ts';
import { localSubstitutions, missingSubstitutions } from '../../runtime/substitutions.ts';
import { PIPELINE_PLACEHOLDERS } from '../../workflows/market-data-pipeline.ts';
import { allSnapshots } from '../../workflows/registry.ts';

describe('local substitutions', () => {
  it('supply exactly the pipeline placeholders', () => {
    expect(Object.keys(localSubstitutions).sort()).toStrictEqual([...PIPELINE_PLACEHOLDERS].sort());
  });

  it('leave nothing unsubstituted in the committed snapshots, the state machines they start included', () => {
    const files = allSnapshots().map((s) => s.file);
    expect(files).toContain('market-data-pipeline.asl.json');
    for (const file of files) {
      const text = readFileSync(join(defaultDefinitionFile, '..', file), 'utf8');
      expect(missingSubstitutions(text, allSubstitutions())).toStrictEqual([]);
    }
    // The resources alone do not cover the composed pipeline: it names the machines it starts.
    const pipeline = readFileSync(join(defaultDefinitionFile, '..', files[0] as string), 'utf8');
    expect(missingSubstitutions(pipeline, localSubstitutions)).toStrictEqual([
      'CollectBarsStateMachineArn',
      'TrainModelStateMachineArn',
    ]);
  });

  it('report a placeholder the runtime does not know', () => {
    expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a definition's placeholders, literally
      missingSubstitutions('{"a":"${DataBucket}","b":"${NewThing}"}', localSubstitutions),
    ).toStrictEqual(['NewThing']);
  });
});

describe('checkExecutionName', () => {
  it.each(['a/b', 'has space', 'x'.repeat(81), '', 'semi;colon'])('rejects %j', (name) => {
    expect(() => checkExecutionName(name)).toThrow(/executionName/);
  });

  it('accepts the names the CLI generates', () => {
    expect(() => checkExecutionName('market-data-2026-11-27-3f2a9c1b')).not.toThrow();
  });
});

describe('runLocal input checks', () => {
  it('refuses a bad execution name before creating anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlocal-bad-'));
    const stateDir = join(dir, 'state');
    await expect(runLocal({ input: {}, executionName: 'bad/name', stateDir })).rejects.toThrow(
      'executionName \'bad/name\' contains "/"',
    );
    expect(existsSync(stateDir)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unregistered workflow, naming the registered ones, before creating anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlocal-wf-'));
    const stateDir = join(dir, 'state');
    await expect(runLocal({ input: {}, workflow: 'no-such-flow', stateDir })).rejects.toThrow(
      "unknown workflow 'no-such-flow' (registered: market-data-pipeline",
    );
    expect(existsSync(stateDir)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a missing definition file naming it', async () => {
    await expect(runLocal({ input: {}, definitionFile: '/nonexistent/def.json' })).rejects.toThrow(
      'definition /nonexistent/def.json cannot be read (ENOENT)',
    );
  });
});

describe('localLambdaEnv', () => {
  it("gives the download function the stack's variables and local S3, not this process's AWS settings", () => {
    process.env.AWS_PROFILE_TEST_MARKER = 'leak';
    const env = localLambdaEnv('download-ticker', {
      dataBucket: 'data',
      s3Endpoint: 'http://127.0.0.1:1234',
      extra: { YAHOO_BASE_URL: 'http://127.0.0.1:9' },
    });
    delete process.env.AWS_PROFILE_TEST_MARKER;
    expect(env).toMatchObject({
      DATA_BUCKET: 'data',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1234',
      AWS_REGION: 'us-east-1',
      POWERTOOLS_SERVICE_NAME: 'download-ticker',
      // The deployed function's memory (contracts/lambda-env.ts LAMBDA_MEMORY_MB).
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      ALPHAVANTAGE_API_KEY_PARAMETER: '/market-pipeline/alphavantage/api-key',
      YAHOO_BASE_URL: 'http://127.0.0.1:9',
    });
    expect(env.AWS_PROFILE_TEST_MARKER).toBeUndefined();
  });
});

describe('describeRun', () => {
  it('maps s3:// prefixes to where s3rver keeps them and lists step logs', () => {
    expect(localObjectPath('/s', 's3://data/models/x/')).toBe('/s/data/models/x/');
    const lines = describeRun({
      stateDir: '/l',
      s3Endpoint: 'http://127.0.0.1:1',
      s3Directory: '/l/s3',
      dataBucket: 'data',
      logsBucket: 'logs',
      emrLedger: '/l/emr/clusters.json',
      emrLogsDir: '/l/emr/logs',
      lambdaLogs: { fn: '/l/lambda/fn/x.log' },
      clusters: [
        {
          id: 'j-1',
          state: 'TERMINATED',
          steps: [
            { id: 's-1', name: 'train', state: 'FAILED', logDir: '/l/emr/logs/j-1/steps/s-1' },
          ],
        },
      ],
      modelPrefix: 's3://data/models/x/',
    });
    expect(lines).toContain('model:      s3://data/models/x/ -> /l/s3/data/models/x/');
    expect(lines).toContain("  step s-1 'train' FAILED: logs /l/emr/logs/j-1/steps/s-1");
  });
});
