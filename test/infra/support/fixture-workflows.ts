/**
 * Workflows the stack tests deploy beside the pipeline, written as raw ASL so each exercises one
 * kind of AWS call: `fetch-only` (a Lambda, an S3 write and an S3 listing, no EMR, a schedule),
 * `starter` (starts fetch-only with startExecution.sync:2 and waits), `broken` (a resource the
 * stack has no IAM mapping for). Task timeouts are long so the Lambdas keep the pipeline's.
 */
import type { StateMachine } from '../../../asl/types.ts';
import type { CheckContext } from '../../../checks/types.ts';
import { stateMachineArnPlaceholder } from '../../../contracts/deployment.ts';
import type { Workflow, WorkflowBuild } from '../../../workflows/registry.ts';
import type { WorkflowSchedule } from '../../../workflows/workflow.ts';

/** `${Name}`, a definition substitution. */
const ph = (name: string): string => `\${${name}}`;

const fixture = (
  name: string,
  definition: object,
  placeholders: string[],
  schedule?: WorkflowSchedule,
): Workflow => {
  const build = (): WorkflowBuild => ({
    definition: definition as StateMachine,
    placeholders,
    checkContext: { placeholders } as unknown as CheckContext,
    summary: 'fixture',
  });
  return {
    name,
    description: `test fixture ${name}`,
    input: [],
    tasks: { lambdas: [], sparkScripts: [] },
    ...(schedule ? { schedule } : {}),
    snapshots: [{ file: `${name}.asl.json`, description: 'fixture', build }],
    buildDefault: build,
    buildAdjusted: build,
  };
};

export const FETCH_ONLY_SCHEDULE: WorkflowSchedule = {
  expression: 'rate(1 day)',
  timeZone: 'UTC',
  description: 'daily',
};

export const fetchOnly = fixture(
  'fetch-only',
  {
    QueryLanguage: 'JSONata',
    StartAt: 'Prepare',
    TimeoutSeconds: 600,
    States: {
      Prepare: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: ph('PrepareInputFunctionArn'), Payload: '{% $states.input %}' },
        TimeoutSeconds: 900,
        Next: 'Save',
      },
      Save: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
        Arguments: {
          Bucket: ph('DataBucket'),
          Key: "{% 'raw/fixture/' & $states.context.Execution.Name & '.json' %}",
          Body: '{% $string($states.input) %}',
        },
        Next: 'List',
      },
      List: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:listObjectsV2',
        Arguments: { Bucket: ph('DataBucket'), Prefix: 'raw/fixture/' },
        End: true,
      },
    },
  },
  ['PrepareInputFunctionArn', 'DataBucket'],
  FETCH_ONLY_SCHEDULE,
);

export const starter = fixture(
  'starter',
  {
    QueryLanguage: 'JSONata',
    StartAt: 'RunFetch',
    TimeoutSeconds: 600,
    States: {
      RunFetch: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync:2',
        Arguments: {
          StateMachineArn: ph(stateMachineArnPlaceholder('fetch-only')),
          Input: {
            AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: '{% $states.context.Execution.Id %}',
          },
        },
        End: true,
      },
    },
  },
  [stateMachineArnPlaceholder('fetch-only')],
);

export const broken = fixture(
  'broken',
  {
    QueryLanguage: 'JSONata',
    StartAt: 'Notify',
    TimeoutSeconds: 600,
    States: {
      Notify: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Arguments: { QueueUrl: 'https://example.com/q', MessageBody: 'hi' },
        End: true,
      },
    },
  },
  [],
);
