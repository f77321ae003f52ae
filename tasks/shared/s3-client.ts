/**
 * The S3 client both task Lambdas create once, at module scope.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export type S3Endpoint = {
  /** `AWS_ENDPOINT_URL_S3`: a local S3-compatible server. */
  endpoint?: string | undefined;
  /** `AWS_REGION`; the Lambda runtime always sets it. */
  region?: string | undefined;
};

/**
 * With no override: the SDK defaults (region and credentials from the Lambda environment). With
 * an endpoint override (the local runtime, integration tests): path-style addressing, and
 * checksums only when an operation requires them, because with the defaults s3rver stores a
 * streamed body with its aws-chunked framing; the region defaults to us-east-1, which a local
 * server ignores.
 */
export function s3ClientConfig({ endpoint, region }: S3Endpoint): S3ClientConfig {
  if (!endpoint) return region ? { region } : {};
  return {
    endpoint,
    region: region ?? 'us-east-1',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export function createS3Client(options: S3Endpoint): S3Client {
  return new S3Client(s3ClientConfig(options));
}
