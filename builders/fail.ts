/**
 * Fail state builder. In JSONata mode Error and Cause may be expressions, which is how a workflow
 * re-raises an error it caught earlier (for example after tearing down a cluster).
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
 */

import { describeState } from '../asl/describe.ts';
import type { FailState } from '../asl/types.ts';
import { assertFieldsCompile, assertName, canonical, type Named } from './assert.ts';

export type FailProps = Omit<FailState, 'Type'>;

export const fail = (name: string, props: FailProps): Named<FailState> => {
  assertName('Fail', name);
  const where = describeState('Fail', name);
  for (const field of ['Error', 'Cause'] as const) {
    const v = props[field];
    if (v !== undefined && (typeof v !== 'string' || v === '')) {
      throw new Error(`${where}: ${field} must be a non-empty string, got ${JSON.stringify(v)}`);
    }
  }
  assertFieldsCompile(where, props, ['Error', 'Cause']);
  return { name, state: canonical({ Type: 'Fail', ...props }) as FailState };
};
