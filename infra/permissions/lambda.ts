/** `lambda:invoke`: InvokeFunction on exactly the function its placeholder names. */
import type { Integration } from '../integrations.ts';
import { type Grants, resolvePlaceholder } from './grants.ts';

export const grantLambda = (use: Extract<Integration, { kind: 'lambda' }>, grants: Grants) => {
  const fn = resolvePlaceholder(
    use.state,
    'FunctionName',
    use.functionName,
    grants.props.functions,
    'a task function',
  );
  grants.add('InvokeTaskFunctions', ['lambda:InvokeFunction'], [fn]);
};
