import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../tasks/reap-clusters/event.ts';

const SM = 'arn:aws:states:eu-west-2:123456789012:stateMachine:market-pipeline';
const EXEC = 'arn:aws:states:eu-west-2:123456789012:execution:market-pipeline:run-1';

const statusEvent = (detail: Record<string, unknown>) => ({
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  detail: { stateMachineArn: SM, executionArn: EXEC, status: 'ABORTED', ...detail },
});

describe('parseEvent', () => {
  it('recognises the hourly sweep', () => {
    expect(parseEvent({ action: 'sweep' }, SM)).toStrictEqual({ mode: 'sweep' });
  });

  it('reads the execution ARN and status of a status-change event', () => {
    expect(parseEvent(statusEvent({ status: 'TIMED_OUT' }), SM)).toStrictEqual({
      mode: 'execution',
      executionArn: EXEC,
      status: 'TIMED_OUT',
    });
  });

  it('refuses an event for another state machine', () => {
    const other = SM.replace('market-pipeline', 'other');
    expect(() => parseEvent(statusEvent({ stateMachineArn: other }), SM)).toThrow(
      `event.detail.stateMachineArn must be ${SM}, got "${other}"`,
    );
  });

  it("refuses an execution ARN outside this state machine's executions", () => {
    const foreign = EXEC.replace(':market-pipeline:', ':market-pipeline-2:');
    expect(() => parseEvent(statusEvent({ executionArn: foreign }), SM)).toThrow(
      /event\.detail\.executionArn must start with .*:execution:market-pipeline:/,
    );
  });

  it('refuses an unknown status', () => {
    expect(() => parseEvent(statusEvent({ status: 'DONE' }), SM)).toThrow(
      /event\.detail\.status must be one of RUNNING, .*got "DONE"/,
    );
  });

  it.each([null, 'sweep', [], { action: 'reap-all' }])('refuses %j', (event) => {
    expect(() => parseEvent(event, SM)).toThrow(
      expect.objectContaining({ name: 'InvalidReaperEventError' }),
    );
  });
});
