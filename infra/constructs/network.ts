/**
 * Where the EMR clusters run. Default: a small VPC with public subnets only and an S3 gateway
 * endpoint, so there is no NAT gateway (about $33/month per AZ before data) and S3 traffic stays
 * on the AWS network for free. Alternative: an existing subnet from context (`subnetId`), for
 * accounts with their own network rules. Trade-off: docs/deploy.md "Networking".
 */

import { Tags } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EMR_MANAGED_POLICY_TAG } from '../../contracts/cluster-tags.ts';
import { LogsPrefix } from './storage.ts';

export type NetworkProps = {
  /**
   * Use this subnet instead of creating a VPC. It and its VPC must carry the tag
   * for-use-with-amazon-emr-managed-policies=true (AmazonEMRServicePolicy_v2 requires it).
   */
  subnetId: string | undefined;
  /** VPC flow logs go here (cheaper than CloudWatch Logs for a rarely-read trail). */
  logsBucket: IBucket;
};

export class Network extends Construct {
  /** The subnet the definition's clusters are launched in (`Ec2SubnetId`). */
  readonly subnetId: string;
  /** Set only when this construct created the VPC. */
  readonly vpc: Vpc | undefined;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    if (props.subnetId !== undefined) {
      this.subnetId = props.subnetId;
      this.vpc = undefined;
      return;
    }
    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 }],
      gatewayEndpoints: { S3: { service: GatewayVpcEndpointAwsService.S3 } },
      // The default security group allows all traffic between its members; nothing uses it.
      restrictDefaultSecurityGroup: true,
    });
    // AmazonEMRServicePolicy_v2 lets EMR launch instances and create its security groups only in
    // a VPC and subnets carrying this tag (its CreateInTaggedNetwork statements).
    Tags.of(this.vpc).add(EMR_MANAGED_POLICY_TAG, 'true');
    this.vpc.addFlowLog('FlowLog', {
      destination: FlowLogDestination.toS3(props.logsBucket, LogsPrefix.vpcFlow),
      trafficType: FlowLogTrafficType.ALL,
    });
    const [first] = this.vpc.publicSubnets;
    if (!first) throw new Error('Network: the VPC has no public subnet');
    this.subnetId = first.subnetId;
  }
}
