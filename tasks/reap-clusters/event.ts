import { isPlainObject } from '../../contracts/describe.ts';
import type { ExecutionStatus } from '../../contracts/reaper.ts';
import { InvalidReaperEventError } from './errors.ts';
import { executionArnPrefix } from './plan.ts';

export type ParsedEvent =
  | { mode: 'execution'; executionArn: string; status: ExecutionStatus }
  | { mode: 'sweep' };

const STATUSES: readonly ExecutionStatus[] = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
];

/**
 * Accepts the hourly `{ action: 'sweep' }` or a Step Functions status-change event for this state
 * machine. Anything else is refused by name before any AWS call: a reaper that guessed would
 * terminate the wrong clusters.
 */
export const parseEvent = (event: unknown, stateMachineArn: string): ParsedEvent => {
  if (!isPlainObject(event)) {
    throw new InvalidReaperEventError(`event must be an object, got ${JSON.stringify(event)}`);
  }
  if (event.action === 'sweep') return { mode: 'sweep' };
  if (event['detail-type'] !== 'Step Functions Execution Status Change') {
    throw new InvalidReaperEventError(
      `event must be { "action": "sweep" } or a "Step Functions Execution Status Change" event, got detail-type ${JSON.stringify(event['detail-type'])}`,
    );
  }
  const detail = event.detail;
  if (!isPlainObject(detail)) throw new InvalidReaperEventError('event.detail must be an object');
  if (detail.stateMachineArn !== stateMachineArn) {
    throw new InvalidReaperEventError(
      `event.detail.stateMachineArn must be ${stateMachineArn}, got ${JSON.stringify(detail.stateMachineArn)}`,
    );
  }
  const executionArn = detail.executionArn;
  const prefix = executionArnPrefix(stateMachineArn);
  if (typeof executionArn !== 'string' || !executionArn.startsWith(prefix)) {
    throw new InvalidReaperEventError(
      `event.detail.executionArn must start with ${prefix}, got ${JSON.stringify(executionArn)}`,
    );
  }
  const status = detail.status;
  if (typeof status !== 'string' || !STATUSES.includes(status as ExecutionStatus)) {
    throw new InvalidReaperEventError(
      `event.detail.status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
    );
  }
  return { mode: 'execution', executionArn, status: status as ExecutionStatus };
};
