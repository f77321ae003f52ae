/**
 * docs/workflows.md's example, written as the recipe says: a typed config, a build function that
 * returns the definition with its placeholders and check context, and a `defineWorkflow` entry.
 * It saves its input's `note` to the data bucket and reads it back: two S3 calls, no Lambda, no
 * cluster, so its deployed role must hold exactly s3:PutObject and s3:GetObject on `notes/`.
 */
import type { StateMachine } from '../../../asl/types.ts';
import { defineWorkflow, type WorkflowBuild } from '../../../workflows/workflow.ts';

export type NoteTakerConfig = {
  /** Key prefix in the data bucket. @default 'notes/' */
  prefix: string;
};

const build = ({ prefix }: NoteTakerConfig): WorkflowBuild => {
  const key = `{% '${prefix}' & $states.context.Execution.Name & '.json' %}`;
  const definition: StateMachine = {
    Comment: 'Saves the input note to the data bucket and reads it back',
    QueryLanguage: 'JSONata',
    StartAt: 'SaveNote',
    TimeoutSeconds: 300,
    States: {
      SaveNote: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
        Arguments: {
          Bucket: '${DataBucket}',
          Key: key,
          Body: '{% $string({"note": $states.input.note}) %}',
        },
        TimeoutSeconds: 60,
        Next: 'ReadNote',
      },
      ReadNote: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
        Arguments: { Bucket: '${DataBucket}', Key: key },
        TimeoutSeconds: 60,
        Output: `{% {"note": $parse($states.result.Body).note, "key": '${prefix}' & $states.context.Execution.Name & '.json'} %}`,
        End: true,
      },
    },
  } as StateMachine;
  return {
    definition,
    placeholders: ['DataBucket'],
    checkContext: {
      placeholders: ['DataBucket'],
      history: { defaultMapItems: 1 },
      payload: {
        mapItems: {},
        itemSamples: {},
        taskResults: { 'arn:aws:states:::aws-sdk:s3:getObject': { Body: '{"note":"x"}' } },
        variables: {},
        context: {},
      },
    },
    summary: 'two S3 calls',
  };
};

export const noteTaker = defineWorkflow<NoteTakerConfig>({
  name: 'note-taker',
  description: 'Save a note to the data bucket and read it back',
  defaultConfig: { prefix: 'notes/' },
  build,
  input: [{ name: 'note', type: 'string', default: 'none', description: 'the text to save' }],
  tasks: { lambdas: [], sparkScripts: [] },
  dates: 'range',
  variants: [{ id: undefined, description: 'the default config', config: { prefix: 'notes/' } }],
});
