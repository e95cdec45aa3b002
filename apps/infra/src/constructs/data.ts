/**
 * The single DynamoDB table and the content bucket. The table's keys, indexes and TTL attribute come
 * from the DynamoDB adapter's table design, so the deployed table is the one the code expects.
 */
import { attributeNames, globalSecondaryIndexes, keyAttributeType } from '@diatonic/adapters/dynamodb';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';

const attributeType = (type: typeof keyAttributeType) => {
  if (type !== 'S') throw new Error(`Unsupported key attribute type ${type}`);
  return dynamodb.AttributeType.STRING;
};

/** Prefixes of the content bucket (the plan's S3 layout). */
export const contentPrefixes = {
  /** Every owner's files today: `orgs/<orgId>/modules/…`, `orgs/<orgId>/community/attachments/…`. */
  orgs: 'orgs/',
  modules: 'modules/',
  thumbnails: 'thumbnails/',
  uploadsTemp: 'uploads/temp/',
  logs: 'logs/',
};

/** The content bucket's name, fixed by stage, account and region (the web app's policy names it before the bucket exists). */
export const contentBucketNameFor = (config: StageConfig) =>
  `diatonic-${config.stage}-content-${Aws.ACCOUNT_ID}-${config.region}`;

export class DataStore extends Construct {
  readonly table: dynamodb.Table;
  readonly contentBucket: s3.Bucket;
  /** Known before deployment, so functions can name the bucket without a reference cycle through CloudFront. */
  readonly contentBucketName: string;

  constructor(scope: Construct, id: string, props: { config: StageConfig; webOrigins: string[] }) {
    super(scope, id);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new dynamodb.Table(this, 'Items', {
      tableName: `diatonic-${config.stage}-items`,
      partitionKey: { name: attributeNames.partitionKey, type: attributeType(keyAttributeType) },
      sortKey: { name: attributeNames.sortKey, type: attributeType(keyAttributeType) },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: attributeNames.timeToLive,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: config.retainData,
      removalPolicy,
    });
    for (const index of globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: attributeType(keyAttributeType) },
        sortKey: { name: index.sortKey, type: attributeType(keyAttributeType) },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.contentBucketName = contentBucketNameFor(config);
    this.contentBucket = new s3.Bucket(this, 'Content', {
      bucketName: this.contentBucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      removalPolicy,
      cors: [
        {
          // Presigned uploads (PUT, or multipart POST/PUT parts) straight from the browser.
          allowedOrigins: props.webOrigins,
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.POST, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedHeaders: ['content-type', 'content-md5', 'x-amz-*'],
          exposedHeaders: ['ETag'],
          maxAge: 3_000,
        },
      ],
      lifecycleRules: [
        { id: 'expire-temp-uploads', prefix: contentPrefixes.uploadsTemp, expiration: Duration.days(1) },
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-logs', prefix: contentPrefixes.logs, expiration: Duration.days(config.bucketLogsRetentionDays) },
      ],
    });
  }
}
