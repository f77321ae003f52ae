/** Pass state builder. https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html */

import { describeState } from '../asl/describe.ts';
import type { PassState } from '../asl/types.ts';
import {
  assertFieldsCompile,
  assertName,
  assertTransition,
  canonical,
  type DistributiveOmit,
  type Named,
} from './assert.ts';

export type PassProps = DistributiveOmit<PassState, 'Type'>;

export const pass = (name: string, props: PassProps): Named<PassState> => {
  assertName('Pass', name);
  const where = describeState('Pass', name);
  assertTransition(where, props);
  assertFieldsCompile(where, props, ['Output', 'Assign']);
  return { name, state: canonical({ Type: 'Pass', ...props }) as PassState };
};
