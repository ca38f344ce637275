// S3 operations: the table step() looks calls up in (key = the operation name after "s3:").
import type { Operation } from '../op.ts';
import { accessOperations } from './access.ts';
import { bucketPolicyOperations } from './bucket-policy.ts';
import { bucketOperations } from './buckets.ts';
import { encryptionOperations } from './encryption.ts';
import { listOperations } from './list.ts';
import { objectOperations } from './objects.ts';

export const s3Operations: Readonly<Record<string, Operation<any>>> = {
  ...bucketOperations,
  ...encryptionOperations,
  ...accessOperations,
  ...bucketPolicyOperations,
  ...objectOperations,
  ...listOperations,
};
