// Everything solver/ reuses from model/ beyond model/index.ts, in one place: the rule's pieces and the interpretation
// functions the symbolic side calls as they are (so that the solver never restates them).
export { actionSlice } from '../model/authz/slices.ts';
export { boundaryPolicy, identityPolicies, scpLevels, sessionPolicies } from '../model/authz/caller.ts';
export type { RequestEnvironment } from '../model/authz/context.ts';
export { globalContext } from '../model/authz/context.ts';
export { allowAllVerdict, noVerdict } from '../model/authz/decision.ts';
export { principalMatch } from '../model/authz/facts.ts';
export { authorizeKms, kmsContext, kmsRule } from '../model/kms/authorize.ts';
export { decodeCiphertext } from '../model/kms/ciphertext.ts';
export { symmetricOnly, usageError } from '../model/kms/crypto-core.ts';
export { accountOfPrincipal, constraintsAccept, OPERATIONS_WITH_ENCRYPTION_CONTEXT, principalNamesCaller } from '../model/kms/grants.ts';
export { encryptionAlgorithms } from '../model/kms/key-specs.ts';
export { keyStateError } from '../model/kms/keys.ts';
export { compareOne, positiveOperator } from '../model/policy/conditions.ts';
export { isNegatedOperator } from '../model/policy/document.ts';
export { anyActionMatches, anyArnMatches } from '../model/policy/match.ts';
export { substituteVariables } from '../model/policy/variables.ts';
export type { S3AccessRequest } from '../model/s3/authorization.ts';
export { aclAllowFor, authorizeS3, bucketPolicyFor, effectiveObjectOwner, s3Context, s3Rule } from '../model/s3/authorization.ts';
export { anonymousKmsProblem, decryptObjectDataKey, forwardedEnvironment, s3ViaService } from '../model/s3/sse-kms.ts';
