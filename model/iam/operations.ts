// IAM operations: the table step() looks `iam:<Operation>` up in, gathered from one file per kind of IAM entity.
import type { Operation } from '../op.ts';
import { boundaryOperations } from './boundaries.ts';
import { groupOperations } from './groups.ts';
import { inlinePolicyOperations } from './inline-policies.ts';
import { managedPolicyOperations } from './managed-policy-operations.ts';
import { roleOperations } from './roles.ts';
import { userOperations } from './users.ts';

export const iamOperations: Readonly<Record<string, Operation<any>>> = {
  ...userOperations,
  ...groupOperations,
  ...roleOperations,
  ...inlinePolicyOperations,
  ...managedPolicyOperations,
  ...boundaryOperations,
};
