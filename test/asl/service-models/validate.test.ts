import { describe, expect, it } from 'vitest';
import { emrModel } from '../../../asl/service-models/emr.ts';
import { compilePattern, translatePattern } from '../../../asl/service-models/pattern.ts';
import { requestProblems, requestSpec } from '../../../asl/service-models/requests.ts';
import { validateAgainstShape, validationMessage } from '../../../asl/service-models/validate.ts';

const createCluster = 'arn:aws:states:::elasticmapreduce:createCluster.sync';
const addStep = 'arn:aws:states:::elasticmapreduce:addStep.sync';

const cluster = (extra: Record<string, unknown> = {}, instances: Record<string, unknown> = {}) => ({
  Name: 'train',
  ReleaseLabel: 'emr-7.1.0',
  Instances: {
    InstanceGroups: [{ InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1 }],
    ...instances,
  },
  ...extra,
});

describe('service request validation against the API models', () => {
  it('accepts a well-formed RunJobFlow request', () => {
    expect(requestProblems(createCluster, cluster())).toEqual([]);
  });

  it('rejects a misspelt member, naming its path and the nearest member', () => {
    const problems = requestProblems(
      createCluster,
      cluster(
        {},
        {
          InstanceGroups: [{ InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCont: 1 }],
        },
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'Instances.InstanceGroups[0].InstanceCount',
        rule: 'required',
      }),
      expect.objectContaining({
        path: 'Instances.InstanceGroups[0].InstanceCont',
        rule: 'unknown-member',
      }),
    ]);
    expect(problems[1]?.message).toContain("(did you mean 'InstanceCount'?)");
  });

  it('rejects a wrong type', () => {
    const problems = requestProblems(
      createCluster,
      cluster({}, { KeepJobFlowAliveWhenNoSteps: 'yes' }),
    );
    expect(problems).toEqual([
      {
        path: 'Instances.KeepJobFlowAliveWhenNoSteps',
        rule: 'type',
        message:
          "Value 'yes' at 'Instances.KeepJobFlowAliveWhenNoSteps' failed to satisfy constraint: Member must be a boolean",
      },
    ]);
    // An integer member takes no fraction and no numeric string.
    expect(requestProblems(createCluster, cluster({ StepConcurrencyLevel: 1.5 }))[0]?.rule).toBe(
      'type',
    );
    expect(requestProblems(createCluster, cluster({ StepConcurrencyLevel: '2' }))[0]?.rule).toBe(
      'type',
    );
  });

  it('rejects a value out of range and a string out of its length', () => {
    const fleet = { InstanceFleetType: 'CORE', TargetOnDemandCapacity: -1 };
    expect(requestProblems(createCluster, cluster({}, { InstanceFleets: [fleet] }))).toEqual([
      {
        path: 'Instances.InstanceFleets[0].TargetOnDemandCapacity',
        rule: 'range',
        message:
          "Value '-1' at 'Instances.InstanceFleets[0].TargetOnDemandCapacity' failed to satisfy constraint: Member must have value greater than or equal to 0",
      },
    ]);
    expect(requestProblems(createCluster, cluster({ Name: 'x'.repeat(257) }))).toEqual([
      expect.objectContaining({ path: 'Name', rule: 'length' }),
    ]);
  });

  it('rejects a missing required member as AWS words it', () => {
    const { Name: _, ...noName } = cluster();
    expect(requestProblems(createCluster, noName)).toEqual([
      {
        path: 'Name',
        rule: 'required',
        message: "Value null at 'Name' failed to satisfy constraint: Member must not be null",
      },
    ]);
    // JSON null is an absent member.
    expect(requestProblems(createCluster, { ...cluster(), Name: null })[0]?.rule).toBe('required');
  });

  it('rejects a value outside an enum and checks every item of a list', () => {
    const problems = requestProblems(addStep, {
      ClusterId: 'j-1',
      Step: {
        Name: 's',
        ActionOnFailure: 'STOP',
        HadoopJarStep: { Jar: 'command-runner.jar', Args: ['a', 2] },
      },
    });
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ['Step.ActionOnFailure', 'enum'],
      ['Step.HadoopJarStep.Args[1]', 'type'],
    ]);
    expect(problems[0]?.message).toContain(
      'Member must satisfy enum value set: [TERMINATE_JOB_FLOW, TERMINATE_CLUSTER, CANCEL_AND_WAIT, CONTINUE]',
    );
  });

  it('checks the optimized integrations’ own request forms (addStep, terminateCluster)', () => {
    expect(requestProblems(addStep, { ClusterId: 'j-1' }).map((p) => p.path)).toEqual(['Step']);
    expect(requestProblems(addStep, { ClusterId: 'x'.repeat(257), Step: {} })).toEqual([
      expect.objectContaining({ path: 'ClusterId', rule: 'length' }),
      expect.objectContaining({ path: 'Step.Name', rule: 'required' }),
      expect.objectContaining({ path: 'Step.HadoopJarStep', rule: 'required' }),
    ]);
    expect(
      requestProblems('arn:aws:states:::elasticmapreduce:terminateCluster.sync', {
        ClusterIds: ['j-1'],
      }),
    ).toEqual([
      expect.objectContaining({ path: 'ClusterId', rule: 'required' }),
      expect.objectContaining({ path: 'ClusterIds', rule: 'unknown-member' }),
    ]);
  });

  it('checks patterns (Lambda FunctionName) and map entries (Configurations[].Properties)', () => {
    expect(
      requestProblems('arn:aws:states:::lambda:invoke', {
        FunctionName: 'my function',
        Payload: {},
      })[0],
    ).toMatchObject({ path: 'FunctionName', rule: 'pattern' });
    expect(
      requestProblems(
        createCluster,
        cluster({ Configurations: [{ Classification: 'spark', Properties: { a: 1 } }] }),
      ),
    ).toEqual([
      expect.objectContaining({ path: 'Configurations[0].Properties["a"]', rule: 'type' }),
    ]);
  });

  it('takes PascalCase members for camelCase APIs and any JSON for serialised members', () => {
    const start = 'arn:aws:states:::states:startExecution.sync:2';
    expect(
      requestProblems(start, {
        StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:child',
        Input: { a: 1 },
        Name: 'child-1',
      }),
    ).toEqual([]);
    expect(
      requestProblems(start, { StateMachineArn: 'arn:x', Name: 'n'.repeat(81) })[0],
    ).toMatchObject({ path: 'Name', rule: 'length' });
    expect(requestProblems(start, { StateMachineArn: 'arn:x', name: 'n' })[0]?.message).toContain(
      "(did you mean 'Name'?)",
    );
  });

  it('accepts values not known yet, and everything under them', () => {
    const unknown = (v: unknown) => typeof v === 'string' && v.startsWith('{%');
    expect(
      requestProblems(
        createCluster,
        cluster({ Instances: '{% $x %}', StepConcurrencyLevel: '{% 2 %}' }),
        {
          unknown,
        },
      ),
    ).toEqual([]);
  });

  it('covers the aws-sdk actions it has models for, and no others', () => {
    expect(requestSpec('arn:aws:states:::aws-sdk:s3:putObject')?.error).toBe('S3.S3Exception');
    expect(requestSpec('arn:aws:states:::aws-sdk:s3:copyObject')).toBeUndefined();
    expect(requestSpec('arn:aws:states:::aws-sdk:dynamodb:putItem')).toBeUndefined();
    expect(requestSpec('arn:aws:lambda:us-east-1:123456789012:function:f')).toBeUndefined();
    expect(
      requestProblems('arn:aws:states:::aws-sdk:s3:listObjectsV2', {
        Bucket: 'b',
        MaxKeys: '5',
      })[0],
    ).toMatchObject({ path: 'MaxKeys', rule: 'type' });
  });

  it('words several problems as one ValidationException message', () => {
    const problems = validateAgainstShape(emrModel, 'RunJobFlowInput', {}, 'RunJobFlow');
    expect(validationMessage(problems)).toBe(
      "2 validation errors detected: Value null at 'Name' failed to satisfy constraint: Member must not be null; Value null at 'Instances' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('model patterns (Java regular expressions)', () => {
  it('match the whole value', () => {
    expect(compilePattern('[0-9]+')?.test('12a')).toBe(false);
    expect(compilePattern('[0-9]+')?.test('12')).toBe(true);
  });

  it('read a surrogate escape pair as one supplementary character, as Java does', () => {
    const xml = compilePattern(
      '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*',
    );
    expect(xml?.test('spark 😀')).toBe(true);
    expect(xml?.test('bell \u0007')).toBe(false);
  });

  it('translate Java-only classes and anchors, and skip what JavaScript cannot express', () => {
    expect(compilePattern('\\A\\p{Alpha}[\\p{Digit}_]*\\z')?.test('a1_2')).toBe(true);
    expect(compilePattern('\\p{ASCII}*')?.test('é')).toBe(false);
    expect(translatePattern('a*+b')).toBeUndefined();
    expect(translatePattern('(?i)abc')).toBeUndefined();
    expect(compilePattern('(?>a)')).toBeNull();
  });
});
