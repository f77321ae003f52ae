import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../../../engine/api.ts';
import { validateRunJobFlow } from '../../../runtime/emr/validate.ts';
import { validateAddStep } from '../../../runtime/emr/validate-step.ts';

const valid = {
  Name: 'train',
  ReleaseLabel: 'emr-7.12.0',
  Applications: [{ Name: 'Spark' }],
  Instances: { InstanceGroups: [], KeepJobFlowAliveWhenNoSteps: true },
  AutoTerminationPolicy: { IdleTimeout: 900 },
};

function errorOf(fn: () => void): IntegrationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof IntegrationError) return err;
    throw err;
  }
  throw new Error('expected an IntegrationError');
}

describe('validateRunJobFlow', () => {
  it('accepts a complete emr-7 request', () => {
    expect(() => validateRunJobFlow(valid)).not.toThrow();
  });

  it('rejects a missing Instances with the AWS model-constraint message', () => {
    const { Instances: _omit, ...request } = valid;
    const err = errorOf(() => validateRunJobFlow(request));
    expect(err.error).toBe('EMR.AmazonElasticMapReduceException');
    expect(err.message).toMatch(
      /^1 validation error detected: Value null at 'Instances' failed to satisfy constraint: Member must not be null \(Service: AmazonElasticMapReduce; Status Code: 400; Error Code: ValidationException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
  });

  it.each([59, 604_801])('rejects IdleTimeout %s as out of EMR range', (idle) => {
    const err = errorOf(() =>
      validateRunJobFlow({ ...valid, AutoTerminationPolicy: { IdleTimeout: idle } }),
    );
    expect(err.error).toBe('EMR.AmazonElasticMapReduceException');
    expect(err.message).toContain(
      `IdleTimeout ${idle}: the idle timeout must be between 60 and 604800 seconds`,
    );
  });

  it('rejects a fractional IdleTimeout by the model (a Long)', () => {
    const err = errorOf(() =>
      validateRunJobFlow({ ...valid, AutoTerminationPolicy: { IdleTimeout: 90.5 } }),
    );
    expect(err.error).toBe('EMR.AmazonElasticMapReduceException');
    expect(err.message).toContain(
      "Value '90.5' at 'AutoTerminationPolicy.IdleTimeout' failed to satisfy constraint: Member must be an integer",
    );
  });

  it('rejects a misspelt member by the model, naming its path', () => {
    const err = errorOf(() =>
      validateRunJobFlow({ ...valid, Instances: { ...valid.Instances, KeepAlive: true } }),
    );
    expect(err.error).toBe('EMR.AmazonElasticMapReduceException');
    expect(err.message).toContain("The field 'KeepAlive' at 'Instances.KeepAlive'");
  });

  it('accepts the IdleTimeout bounds 60 and 604800', () => {
    for (const idle of [60, 604_800]) {
      expect(() =>
        validateRunJobFlow({ ...valid, AutoTerminationPolicy: { IdleTimeout: idle } }),
      ).not.toThrow();
    }
  });

  it('rejects a malformed release label as EMR does', () => {
    const err = errorOf(() => validateRunJobFlow({ ...valid, ReleaseLabel: 'seven' }));
    expect(err.error).toBe('EMR.AmazonElasticMapReduceException');
    expect(err.message).toContain('The specified release label "seven" is not valid.');
  });

  it('refuses a non-7.x release as a local limitation, naming the label', () => {
    const err = errorOf(() => validateRunJobFlow({ ...valid, ReleaseLabel: 'emr-6.15.0' }));
    expect(err.error).toBe('States.TaskFailed');
    expect(err.message).toContain("ReleaseLabel 'emr-6.15.0' is not supported");
  });
});

describe('validateAddStep', () => {
  it('defaults ActionOnFailure to CONTINUE and flattens Properties', () => {
    expect(
      validateAddStep({
        ClusterId: 'j-ABC',
        Step: {
          Name: 'train',
          HadoopJarStep: {
            Jar: 'command-runner.jar',
            Args: ['spark-submit', 'x.py'],
            Properties: [{ Key: 'k', Value: 'v' }],
          },
        },
      }),
    ).toStrictEqual({
      clusterId: 'j-ABC',
      name: 'train',
      jar: 'command-runner.jar',
      args: ['spark-submit', 'x.py'],
      actionOnFailure: 'CONTINUE',
      properties: { k: 'v' },
    });
  });

  it('rejects an unknown ActionOnFailure naming the enum', () => {
    const err = errorOf(() =>
      validateAddStep({
        ClusterId: 'j-ABC',
        Step: { Name: 't', ActionOnFailure: 'RETRY', HadoopJarStep: { Jar: 'command-runner.jar' } },
      }),
    );
    expect(err.message).toContain(
      "Value 'RETRY' at 'Step.ActionOnFailure' failed to satisfy constraint: Member must satisfy enum value set: [TERMINATE_JOB_FLOW, TERMINATE_CLUSTER, CANCEL_AND_WAIT, CONTINUE]",
    );
  });
});
