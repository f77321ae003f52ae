import { describe, expect, it } from 'vitest';
import { jsonPathFields } from '../../checks/jsonpath-fields.ts';
import {
  at,
  broken,
  distributedBuild,
  inlineBuild,
  inner,
  pipelineBuild,
  trainBuild,
} from './helpers.ts';

const run = (d = inlineBuild.definition) => jsonPathFields.run(d, inlineBuild.checkContext);

describe('jsonpath-fields check', () => {
  it('passes both collect-bars variants and train-model', () => {
    expect([run(), run(distributedBuild.definition), run(trainBuild.definition)]).toStrictEqual([
      [],
      [],
      [],
    ]);
  });

  it('passes the composed pipeline', () => {
    expect(run(pipelineBuild.definition)).toStrictEqual([]);
  });

  it('fails on JSONPath-only fields, in nested states and Catch entries too', () => {
    const download = broken(inlineBuild.definition, (c) => {
      at(c, 'PrepareInput').ResultPath = '$.prepared';
      inner(c, 'DownloadTicker').Parameters = { 'x.$': '$.ticker' };
    });
    const train = broken(trainBuild.definition, (c) => {
      at(c, 'PrepareInput').ResultPath = '$.prepared';
      inner(c, 'ListSession', 'ListSessions').Parameters = { 'x.$': '$.date' };
      (at(c, 'Train').Catch as Array<Record<string, unknown>>)[0] = {
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.error',
        Next: 'TerminateClusterAfterFailure',
      };
    });
    expect([run(download), run(train)]).toStrictEqual([
      [
        "State machine: Task 'PrepareInput': ResultPath is a JSONPath-only field",
        "Map 'DownloadTickers' ItemProcessor: Task 'DownloadTicker': Parameters is a JSONPath-only field",
      ],
      [
        "State machine: Task 'PrepareInput': ResultPath is a JSONPath-only field",
        "Map 'ListSessions' ItemProcessor: Task 'ListSession': Parameters is a JSONPath-only field",
        "State machine: Task 'Train': Catch[0].ResultPath is a JSONPath-only field",
      ],
    ]);
  });

  it('fails on a JSONPath Choice rule and a state switched to JSONPath', () => {
    const d = broken(pipelineBuild.definition, (c) => {
      at(c, 'CheckDownloads').Choices = [
        { Variable: '$.ok', NumericGreaterThan: 0, Next: 'TrainModel' },
      ];
      at(c, 'Summary').QueryLanguage = 'JSONPath';
    });
    expect(run(d)).toStrictEqual([
      "State machine: Choice 'CheckDownloads': Choices[0].Variable is a JSONPath Choice operator; use Condition",
      "State machine: Choice 'CheckDownloads': Choices[0].NumericGreaterThan is a JSONPath Choice operator; use Condition",
      `State machine: Succeed 'Summary': QueryLanguage must be JSONata, got "JSONPath"`,
    ]);
  });

  it('fails on a JSONPath-only field on a nested execution and its Catch', () => {
    const d = broken(pipelineBuild.definition, (c) => {
      at(c, 'CollectBars').OutputPath = '$.Output';
      (at(c, 'TrainModel').Catch as Array<Record<string, unknown>>)[0] = {
        ErrorEquals: ['States.TaskFailed'],
        ResultPath: '$.error',
        Next: 'NestedExecutionFailed',
      };
    });
    expect(run(d)).toStrictEqual([
      "State machine: Task 'CollectBars': OutputPath is a JSONPath-only field",
      "State machine: Task 'TrainModel': Catch[0].ResultPath is a JSONPath-only field",
    ]);
  });
});
