// What `reach` reuses from model/ beyond model/index.ts and solver/from-model.ts: the IAM and STS decision rules, the
// managed-policy catalogue, the key-state check and the pieces of grants and policies that calls are made of.
export { ownAccountRule } from '../model/iam/authorize.ts';
export { trustPolicyRule } from '../model/iam/sts.ts';
export { awsManagedPolicy, awsManagedPolicyArns } from '../model/iam/managed-policies.ts';
export { attachablePolicy } from '../model/iam/entities.ts';
export { withValues } from '../model/policy/context.ts';
export { grantableOperations, principalNamesCaller, tokensOf } from '../model/kms/grants.ts';
export { keyStateError } from '../model/kms/keys.ts';
export { actionSlice } from '../model/authz/slices.ts';
export { globalContext } from '../model/authz/context.ts';
export { kmsRule } from '../model/kms/authorize.ts';
export { anyActionMatches } from '../model/policy/match.ts';
export { BOUNDARY_KEY_ACTIONS } from '../model/iam/kinds.ts';
export { managedPolicy } from '../model/authz/caller.ts';
