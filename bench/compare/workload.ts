/**
 * The comparison's workload: an inline Map of `items` iterations, each a Task (a local handler
 * returning a small object) then a Pass, in JSONPath (the only language aws-local-stepfunctions
 * runs) or JSONata. Both engines bill 1 + 2 x items state transitions for it.
 */
export type Language = 'JSONPath' | 'JSONata';

export const TASK_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

export const transitionsOf = (items: number): number => 1 + 2 * items;

export const inputOf = (items: number) => ({
  items: Array.from({ length: items }, (_, i) => ({ id: i, ticker: `T${i}` })),
});

/** The handler both engines call for the Task: what a small Lambda would return. */
export const work = async (event: unknown) => {
  const item = event as { id: number; ticker: string };
  return { id: item.id, ticker: item.ticker, rows: 390, ok: true };
};

export function definitionOf(language: Language, maxConcurrency = 40): object {
  if (language === 'JSONPath') {
    return {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: maxConcurrency,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Work',
            States: {
              Work: { Type: 'Task', Resource: TASK_ARN, Next: 'Shape' },
              Shape: {
                Type: 'Pass',
                Parameters: { 'id.$': '$.id', 'ok.$': '$.ok' },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
  }
  return {
    QueryLanguage: 'JSONata',
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        Items: '{% $states.input.items %}',
        MaxConcurrency: maxConcurrency,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Work',
          States: {
            Work: {
              Type: 'Task',
              Resource: TASK_ARN,
              Arguments: '{% $states.input %}',
              Next: 'Shape',
            },
            Shape: {
              Type: 'Pass',
              Output: '{% {"id": $states.input.id, "ok": $states.input.ok} %}',
              End: true,
            },
          },
        },
        End: true,
      },
    },
  };
}
