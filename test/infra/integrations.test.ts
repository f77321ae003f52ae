import { describe, expect, it } from 'vitest';
import { createsClusters, integrationsOf } from '../../infra/integrations.ts';

/** `${Name}`, a definition substitution. */
const ph = (name: string): string => `\${${name}}`;

const task = (Resource: string, Arguments: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource,
  Arguments,
  End: true,
});
const machine = (states: Record<string, unknown>) => ({
  StartAt: Object.keys(states)[0],
  States: states,
});

describe('integrationsOf', () => {
  it('reads a Lambda invoke with its FunctionName', () => {
    const def = machine({ A: task('arn:aws:states:::lambda:invoke', { FunctionName: ph('Fn') }) });
    expect(integrationsOf(def)).toStrictEqual([
      { state: 'A', kind: 'lambda', functionName: ph('Fn') },
    ]);
  });

  it.each([
    ['arn:aws:states:::states:startExecution', 'async'],
    ['arn:aws:states:::states:startExecution.sync', 'sync'],
    ['arn:aws:states:::states:startExecution.sync:2', 'sync'],
    ['arn:aws:states:::states:startExecution.waitForTaskToken', 'callback'],
  ])('reads %s as a %s nested execution', (resource, pattern) => {
    const def = machine({ A: task(resource, { StateMachineArn: ph('Child') }) });
    expect(integrationsOf(def)).toStrictEqual([
      { state: 'A', kind: 'states', pattern, stateMachineArn: ph('Child') },
    ]);
  });

  it('reads EMR operations with and without .sync', () => {
    const def = machine({
      A: {
        ...task('arn:aws:states:::elasticmapreduce:createCluster.sync'),
        End: undefined,
        Next: 'B',
      },
      B: task('arn:aws:states:::elasticmapreduce:cancelStep'),
    });
    expect(integrationsOf(def)).toStrictEqual([
      { state: 'A', kind: 'emr', operation: 'createCluster', sync: true },
      { state: 'B', kind: 'emr', operation: 'cancelStep', sync: false },
    ]);
    expect(createsClusters(def)).toBe(true);
  });

  it('reads the Key of an object call and the Prefix of a listing', () => {
    const def = machine({
      A: {
        ...task('arn:aws:states:::aws-sdk:s3:getObject', { Bucket: 'b', Key: 'k' }),
        Next: 'B',
        End: undefined,
      },
      B: task('arn:aws:states:::aws-sdk:s3:listObjectsV2', { Bucket: 'b', Prefix: 'p/' }),
    });
    expect(integrationsOf(def)).toStrictEqual([
      {
        state: 'A',
        kind: 's3',
        source: 'Task',
        action: 'getObject',
        bucket: 'b',
        key: 'k',
        keyField: 'Key',
      },
      {
        state: 'B',
        kind: 's3',
        source: 'Task',
        action: 'listObjectsV2',
        bucket: 'b',
        key: 'p/',
        keyField: 'Prefix',
      },
    ]);
  });

  it('reads a Distributed Map, its ItemReader, its ResultWriter and the Tasks inside it', () => {
    const def = machine({
      M: {
        Type: 'Map',
        Label: 'Each',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          Arguments: { Bucket: 'b', Key: 'in.csv' },
        },
        ResultWriter: {
          Resource: 'arn:aws:states:::s3:putObject',
          Arguments: { Bucket: 'b', Prefix: 'out/' },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Work',
          States: { Work: task('arn:aws:states:::lambda:invoke', { FunctionName: ph('Fn') }) },
        },
        End: true,
      },
    });
    expect(
      integrationsOf(def).map((u) => [u.state, u.kind, 'source' in u ? u.source : '']),
    ).toStrictEqual([
      ['M', 'distributed-map', ''],
      ['M', 's3', 'ItemReader'],
      ['M', 's3', 'ResultWriter'],
      ['Work', 'lambda', ''],
    ]);
  });

  it('treats a JSONPath Field.$ as a run-time value', () => {
    const def = machine({
      A: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { 'FunctionName.$': '$.fn' },
        End: true,
      },
    });
    expect(integrationsOf(def)).toStrictEqual([
      { state: 'A', kind: 'lambda', functionName: { jsonPath: '$.fn' } },
    ]);
  });

  it.each([
    'arn:aws:states:::sqs:sendMessage',
    'arn:aws:states:::elasticmapreduce:modifyInstanceGroupByName',
    'arn:aws:lambda:eu-west-2:123456789012:function:direct',
  ])('refuses %s, naming the state and the resource', (resource) => {
    expect(() => integrationsOf(machine({ Odd: task(resource) }))).toThrow(
      `State 'Odd': Resource ${JSON.stringify(resource)} has no IAM mapping`,
    );
  });

  it('refuses an ItemReader resource it does not know', () => {
    const def = machine({
      M: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::dynamodb:scan' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
        End: true,
      },
    });
    expect(() => integrationsOf(def)).toThrow(
      /State 'M': ItemReader.Resource "arn:aws:states:::dynamodb:scan" has no IAM mapping/,
    );
  });

  it('finds nothing to grant in a definition without Tasks', () => {
    const def = machine({ P: { Type: 'Pass', End: true } });
    expect([integrationsOf(def), createsClusters(def)]).toStrictEqual([[], false]);
  });
});
