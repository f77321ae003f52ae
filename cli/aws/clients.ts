/**
 * AWS clients for the AWS target. Region, credentials and endpoint come from the SDK's standard
 * chain (AWS_REGION / AWS_PROFILE / SSO / instance role; AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE> are honoured by the SDK itself), so nothing here reads the env.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EMRClient } from '@aws-sdk/client-emr';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';

export type AwsClients = {
  sfn: SFNClient;
  cloudFormation: CloudFormationClient;
  emr: EMRClient;
  s3: S3Client;
  destroy: () => void;
};

export function createAwsClients(): AwsClients {
  const sfn = new SFNClient({});
  const cloudFormation = new CloudFormationClient({});
  const emr = new EMRClient({});
  const s3 = new S3Client({});
  return {
    sfn,
    cloudFormation,
    emr,
    s3,
    destroy: () => {
      for (const client of [sfn, cloudFormation, emr, s3]) client.destroy();
    },
  };
}
