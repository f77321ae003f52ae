/** Succeed state builder. https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html */

import { describeState } from '../asl/describe.ts';
import type { SucceedState } from '../asl/types.ts';
import { assertFieldsCompile, assertName, canonical, type Named } from './assert.ts';

export type SucceedProps = Omit<SucceedState, 'Type'>;

export const succeed = (name: string, props: SucceedProps = {}): Named<SucceedState> => {
  assertName('Succeed', name);
  assertFieldsCompile(describeState('Succeed', name), props, ['Output']);
  return { name, state: canonical({ Type: 'Succeed', ...props }) as SucceedState };
};
