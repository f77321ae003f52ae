import { describe, expect, it } from 'vitest';
import { jsonPathFields } from '../../checks/jsonpath-fields.ts';
import { at, broken, distributedBuild, inlineBuild, inner } from './helpers.ts';

const run = (d = inlineBuild.definition) => jsonPathFields.run(d, inlineBuild.checkContext);

describe('jsonpath-fields check', () => {
  it('passes both pipeline variants', () => {
    expect([run(), run(distributedBuild.definition)]).toStrictEqual([[], []]);
  });

  it('fails on JSONPath-only fields, in nested states and Catch entries too', () => {
    const d = broken(inlineBuild.definition, (c) => {
      at(c, 'PrepareInput').ResultPath = '$.prepared';
      inner(c, 'DownloadTicker').Parameters = { 'x.$': '$.ticker' };
      (at(c, 'Train').Catch as Array<Record<string, unknown>>)[0] = {
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.error',
        Next: 'TerminateClusterAfterFailure',
      };
    });
    expect(run(d)).toStrictEqual([
      "State machine: Task 'PrepareInput': ResultPath is a JSONPath-only field",
      "Map 'DownloadTickers' ItemProcessor: Task 'DownloadTicker': Parameters is a JSONPath-only field",
      "State machine: Task 'Train': Catch[0].ResultPath is a JSONPath-only field",
    ]);
  });

  it('fails on a JSONPath Choice rule and a state switched to JSONPath', () => {
    const d = broken(inlineBuild.definition, (c) => {
      at(c, 'CheckDownloads').Choices = [
        { Variable: '$.ok', NumericGreaterThan: 0, Next: 'CreateCluster' },
      ];
      at(c, 'Summary').QueryLanguage = 'JSONPath';
    });
    expect(run(d)).toStrictEqual([
      "State machine: Choice 'CheckDownloads': Choices[0].Variable is a JSONPath Choice operator; use Condition",
      "State machine: Choice 'CheckDownloads': Choices[0].NumericGreaterThan is a JSONPath Choice operator; use Condition",
      `State machine: Succeed 'Summary': QueryLanguage must be JSONata, got "JSONPath"`,
    ]);
  });
});
