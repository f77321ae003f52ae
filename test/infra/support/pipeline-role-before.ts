/**
 * The pipeline state machine role's statements as the hand-written policy granted them before the
 * role was derived from the definition (commit 88a9327), resolved from the synthesised templates:
 * `inline` with the default context, `distributed` with stack-variants.test.ts's context (stack
 * QuantPipe, a 300-ticker universe). The derived role must cover every one of them.
 */
export const PIPELINE_ROLE_BEFORE: Record<
  'inline' | 'distributed',
  Array<Record<string, unknown>>
> = {
  inline: [
    {
      Action: 'lambda:InvokeFunction',
      Effect: 'Allow',
      Resource: [
        {
          'Fn::GetAtt': ['TasksDownloadTickerFunctionC49ADE8F', 'Arn'],
        },
        {
          'Fn::GetAtt': ['TasksPrepareInputFunction50FD5608', 'Arn'],
        },
      ],
      Sid: 'InvokeTaskFunctions',
    },
    {
      Action: 'elasticmapreduce:RunJobFlow',
      Condition: {
        StringEquals: {
          'aws:RequestTag/for-use-with-amazon-emr-managed-policies': 'true',
          'aws:RequestTag/market-pipeline:workflow': 'MarketPipeline-Pipeline',
        },
      },
      Effect: 'Allow',
      Resource: '*',
      Sid: 'CreateTaggedClusters',
    },
    {
      Action: [
        'elasticmapreduce:AddJobFlowSteps',
        'elasticmapreduce:CancelSteps',
        'elasticmapreduce:DescribeCluster',
        'elasticmapreduce:DescribeStep',
        'elasticmapreduce:TerminateJobFlows',
      ],
      Condition: {
        StringEquals: {
          'elasticmapreduce:ResourceTag/market-pipeline:workflow': 'MarketPipeline-Pipeline',
        },
      },
      Effect: 'Allow',
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:aws:elasticmapreduce:eu-west-2:',
            {
              Ref: 'AWS::AccountId',
            },
            ':cluster/*',
          ],
        ],
      },
      Sid: 'ManageOwnClusters',
    },
    {
      Action: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'],
      Effect: 'Allow',
      Resource: [
        {
          'Fn::Join': [
            '',
            [
              'arn:aws:events:eu-west-2:',
              {
                Ref: 'AWS::AccountId',
              },
              ':rule/StepFunctionsGetEventForEMRAddJobFlowStepsRule',
            ],
          ],
        },
        {
          'Fn::Join': [
            '',
            [
              'arn:aws:events:eu-west-2:',
              {
                Ref: 'AWS::AccountId',
              },
              ':rule/StepFunctionsGetEventForEMRRunJobFlowRule',
            ],
          ],
        },
        {
          'Fn::Join': [
            '',
            [
              'arn:aws:events:eu-west-2:',
              {
                Ref: 'AWS::AccountId',
              },
              ':rule/StepFunctionsGetEventForEMRTerminateJobFlowsRule',
            ],
          ],
        },
      ],
      Sid: 'EmrSyncEventRules',
    },
    {
      Action: 'iam:PassRole',
      Condition: {
        StringLike: {
          'iam:PassedToService': 'elasticmapreduce.amazonaws.com*',
        },
      },
      Effect: 'Allow',
      Resource: {
        'Fn::GetAtt': ['EmrServiceRole0B4E58BF', 'Arn'],
      },
      Sid: 'PassEmrServiceRole',
    },
    {
      Action: 'iam:PassRole',
      Condition: {
        StringLike: {
          'iam:PassedToService': 'ec2.amazonaws.com*',
        },
      },
      Effect: 'Allow',
      Resource: {
        'Fn::GetAtt': ['EmrInstanceRole2BD5E0CB', 'Arn'],
      },
      Sid: 'PassEmrInstanceRole',
    },
    {
      Action: 'iam:CreateServiceLinkedRole',
      Condition: {
        StringEquals: {
          'iam:AWSServiceName': 'elasticmapreduce.amazonaws.com',
        },
      },
      Effect: 'Allow',
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:aws:iam::',
            {
              Ref: 'AWS::AccountId',
            },
            ':role/aws-service-role/elasticmapreduce.amazonaws.com/AWSServiceRoleForEMRCleanup',
          ],
        ],
      },
      Sid: 'EmrCleanupServiceLinkedRole',
    },
    {
      Action: [
        'logs:CreateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies',
        'logs:GetLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:UpdateLogDelivery',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ],
      Effect: 'Allow',
      Resource: '*',
    },
  ],
  distributed: [
    {
      Action: 'lambda:InvokeFunction',
      Effect: 'Allow',
      Resource: [
        {
          'Fn::GetAtt': ['TasksDownloadTickerFunctionC49ADE8F', 'Arn'],
        },
        {
          'Fn::GetAtt': ['TasksPrepareInputFunction50FD5608', 'Arn'],
        },
      ],
      Sid: 'InvokeTaskFunctions',
    },
    {
      Action: 'elasticmapreduce:RunJobFlow',
      Condition: {
        StringEquals: {
          'aws:RequestTag/for-use-with-amazon-emr-managed-policies': 'true',
          'aws:RequestTag/market-pipeline:workflow': 'QuantPipe-Pipeline',
        },
      },
      Effect: 'Allow',
      Resource: '*',
      Sid: 'CreateTaggedClusters',
    },
    {
      Action: [
        'elasticmapreduce:AddJobFlowSteps',
        'elasticmapreduce:CancelSteps',
        'elasticmapreduce:DescribeCluster',
        'elasticmapreduce:DescribeStep',
        'elasticmapreduce:TerminateJobFlows',
      ],
      Condition: {
        StringEquals: {
          'elasticmapreduce:ResourceTag/market-pipeline:workflow': 'QuantPipe-Pipeline',
        },
      },
      Effect: 'Allow',
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:aws:elasticmapreduce:eu-west-2:',
            {
              Ref: 'AWS::AccountId',
            },
            ':cluster/*',
          ],
        ],
      },
      Sid: 'ManageOwnClusters',
    },
    {
      Action: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'],
      Effect: 'Allow',
      Resource: [
        {
          'Fn::Join': [
            '',
            [
              'arn:aws:events:eu-west-2:',
              {
                Ref: 'AWS::AccountId',
              },
              ':rule/StepFunctionsGetEventForEMRAddJobFlowStepsRule',
            ],
          ],
        },
        {
          'Fn::Join': [
            '',
            [
              'arn:aws:events:eu-west-2:',
              {
                Ref: 'AWS::AccountId',
              },
              ':rule/StepFunctionsGetEventForEMRRunJobFlowRule',
            ],
          ],
        },
        {
          'Fn::Join': [
            '',
            [
              'arn:aws:events:eu-west-2:',
              {
                Ref: 'AWS::AccountId',
              },
              ':rule/StepFunctionsGetEventForEMRTerminateJobFlowsRule',
            ],
          ],
        },
      ],
      Sid: 'EmrSyncEventRules',
    },
    {
      Action: 'iam:PassRole',
      Condition: {
        StringLike: {
          'iam:PassedToService': 'elasticmapreduce.amazonaws.com*',
        },
      },
      Effect: 'Allow',
      Resource: {
        'Fn::GetAtt': ['EmrServiceRole0B4E58BF', 'Arn'],
      },
      Sid: 'PassEmrServiceRole',
    },
    {
      Action: 'iam:PassRole',
      Condition: {
        StringLike: {
          'iam:PassedToService': 'ec2.amazonaws.com*',
        },
      },
      Effect: 'Allow',
      Resource: {
        'Fn::GetAtt': ['EmrInstanceRole2BD5E0CB', 'Arn'],
      },
      Sid: 'PassEmrInstanceRole',
    },
    {
      Action: 'iam:CreateServiceLinkedRole',
      Condition: {
        StringEquals: {
          'iam:AWSServiceName': 'elasticmapreduce.amazonaws.com',
        },
      },
      Effect: 'Allow',
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:aws:iam::',
            {
              Ref: 'AWS::AccountId',
            },
            ':role/aws-service-role/elasticmapreduce.amazonaws.com/AWSServiceRoleForEMRCleanup',
          ],
        ],
      },
      Sid: 'EmrCleanupServiceLinkedRole',
    },
    {
      Action: 'states:StartExecution',
      Effect: 'Allow',
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:aws:states:eu-west-2:',
            {
              Ref: 'AWS::AccountId',
            },
            ':stateMachine:QuantPipe-Pipeline',
          ],
        ],
      },
      Sid: 'StartOwnChildExecutions',
    },
    {
      Action: ['states:DescribeExecution', 'states:StopExecution'],
      Effect: 'Allow',
      Resource: [
        {
          'Fn::Join': [
            '',
            [
              'arn:aws:states:eu-west-2:',
              {
                Ref: 'AWS::AccountId',
              },
              ':execution:QuantPipe-Pipeline/DownloadTickers:*',
            ],
          ],
        },
        {
          'Fn::Join': [
            '',
            [
              'arn:aws:states:eu-west-2:',
              {
                Ref: 'AWS::AccountId',
              },
              ':execution:QuantPipe-Pipeline:*',
            ],
          ],
        },
      ],
      Sid: 'ManageOwnChildExecutions',
    },
    {
      Action: 'states:RedriveExecution',
      Effect: 'Allow',
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:aws:states:eu-west-2:',
            {
              Ref: 'AWS::AccountId',
            },
            ':execution:QuantPipe-Pipeline/DownloadTickers:*',
          ],
        ],
      },
      Sid: 'RedriveOwnMapRuns',
    },
    {
      Action: 's3:GetObject',
      Effect: 'Allow',
      Resource: [
        {
          'Fn::Join': [
            '',
            [
              {
                'Fn::GetAtt': ['StorageDataBucketB1B922FA', 'Arn'],
              },
              '/config/*',
            ],
          ],
        },
        {
          'Fn::Join': [
            '',
            [
              {
                'Fn::GetAtt': ['StorageDataBucketB1B922FA', 'Arn'],
              },
              '/manifests/*',
            ],
          ],
        },
      ],
      Sid: 'ReadTickerFiles',
    },
    {
      Action: [
        's3:AbortMultipartUpload',
        's3:GetObject',
        's3:ListMultipartUploadParts',
        's3:PutObject',
      ],
      Effect: 'Allow',
      Resource: {
        'Fn::Join': [
          '',
          [
            {
              'Fn::GetAtt': ['StorageDataBucketB1B922FA', 'Arn'],
            },
            '/manifests/*',
          ],
        ],
      },
      Sid: 'WriteRunManifests',
    },
    {
      Action: [
        'logs:CreateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies',
        'logs:GetLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:UpdateLogDelivery',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ],
      Effect: 'Allow',
      Resource: '*',
    },
  ],
};
