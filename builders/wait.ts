/** Wait state builder. https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html */

import { describeState } from '../asl/describe.ts';
import { isExpression } from '../asl/expression.ts';
import { isoOffsetDateTime } from '../asl/timestamp.ts';
import type { WaitState } from '../asl/types.ts';
import {
  assertFieldsCompile,
  assertIntOrExpr,
  assertName,
  assertTransition,
  canonical,
  type DistributiveOmit,
  type Named,
} from './assert.ts';

export type WaitProps = DistributiveOmit<WaitState, 'Type'>;

export const wait = (name: string, props: WaitProps): Named<WaitState> => {
  assertName('Wait', name);
  const where = describeState('Wait', name);
  assertTransition(where, props);
  const hasSeconds = props.Seconds !== undefined;
  const hasTimestamp = props.Timestamp !== undefined;
  if (hasSeconds === hasTimestamp) {
    throw new Error(`${where}: exactly one of Seconds or Timestamp is required`);
  }
  assertIntOrExpr(where, 'Seconds', props.Seconds, 0);
  if (
    hasTimestamp &&
    !isExpression(props.Timestamp) &&
    !isoOffsetDateTime.test(String(props.Timestamp))
  ) {
    throw new Error(
      `${where}: Timestamp must be an RFC 3339 timestamp or a '{% expr %}', got ${JSON.stringify(props.Timestamp)}`,
    );
  }
  assertFieldsCompile(where, props, ['Seconds', 'Timestamp', 'Output', 'Assign']);
  return { name, state: canonical({ Type: 'Wait', ...props }) as WaitState };
};
