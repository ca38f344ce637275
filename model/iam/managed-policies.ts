// The AWS managed policies SCENARIOS.md names, with the kms, s3, iam and sts parts of their real documents.
import type { Arn } from '../arn.ts';
import { parsePolicy } from '../policy/parse.ts';
import type { ManagedPolicy } from '../state.ts';

/**
 * Documents as published in the AWS Managed Policy Reference
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/NAME.html). ReadOnlyAccess lists hundreds of
 * services; keyward keeps the statements for the services it models (kms, s3, iam, sts, organizations, cloudtrail,
 * logs, cloudwatch, sns, config), which are copied verbatim in meaning.
 */
const DOCUMENTS: Readonly<Record<string, object>> = {
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ReadOnlyAccess.html
  ReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadOnlyActions',
        Effect: 'Allow',
        Action: [
          'cloudtrail:Describe*', 'cloudtrail:Get*', 'cloudtrail:List*', 'cloudtrail:LookupEvents',
          'cloudwatch:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*',
          'config:BatchGet*', 'config:Describe*', 'config:Get*', 'config:List*', 'config:Select*',
          'iam:Generate*', 'iam:Get*', 'iam:List*', 'iam:Simulate*',
          'kms:Describe*', 'kms:Get*', 'kms:List*',
          'logs:Describe*', 'logs:Get*', 'logs:FilterLogEvents', 'logs:ListTagsLogGroup', 'logs:ListTagsForResource',
          'logs:StartQuery', 'logs:StopQuery', 'logs:TestMetricFilter',
          'organizations:Describe*', 'organizations:List*',
          's3:DescribeJob', 's3:DescribeMultiRegionAccessPointOperation', 's3:Get*', 's3:List*',
          'sns:Check*', 'sns:Get*', 'sns:List*',
          'sts:GetAccessKeyInfo', 'sts:GetCallerIdentity', 'sts:GetSessionToken',
        ],
        Resource: '*',
      },
    ],
  },
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonS3FullAccess.html
  AmazonS3FullAccess: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }],
  },
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonS3ReadOnlyAccess.html
  AmazonS3ReadOnlyAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' },
    ],
  },
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSKeyManagementServicePowerUser.html
  AWSKeyManagementServicePowerUser: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'kms:CreateAlias', 'kms:CreateKey', 'kms:DeleteAlias', 'kms:Describe*', 'kms:GenerateRandom', 'kms:Get*',
          'kms:List*', 'kms:TagResource', 'kms:UntagResource', 'iam:ListGroups', 'iam:ListRoles', 'iam:ListUsers',
        ],
        Resource: '*',
      },
    ],
  },
};

function build(name: string, document: object): ManagedPolicy {
  const text = JSON.stringify(document);
  const parsed = parsePolicy(text, 'identity');
  if (!parsed.ok) throw new Error(`built-in managed policy ${name} does not parse: ${parsed.reason}`);
  return { arn: `arn:aws:iam::aws:policy/${name}` as Arn, name, path: '/', policy: { text, doc: parsed.doc }, awsManaged: true, createdAt: 0 };
}

const CATALOGUE: ReadonlyMap<string, ManagedPolicy> = new Map(
  Object.entries(DOCUMENTS).map(([name, doc]) => {
    const p = build(name, doc);
    return [p.arn, p];
  }),
);

export const awsManagedPolicy = (arn: string): ManagedPolicy | undefined => CATALOGUE.get(arn);
export const awsManagedPolicyArns = (): readonly string[] => [...CATALOGUE.keys()];
