// "Would this s3:GetObject succeed?" for a symbolic request: S3's own authorization (bucket policy, ACLs, Block Public
// Access, Object Ownership, as model/s3/authorization.ts computes them) and, for an SSE-KMS object, the KMS Decrypt
// that S3 makes as the caller with the object's stored encryption context (model/s3/objects.ts `readObject`).
import type { Bucket, Key, S3Object, State } from '../model/index.ts';
import { decide, objectArn } from '../model/index.ts';
import type { S3AccessRequest } from './from-model.ts';
import { aclAllowFor, bucketPolicyFor, decodeCiphertext, effectiveObjectOwner, forwardedEnvironment, kmsContext, kmsRule, s3Context, s3Rule, s3ViaService, symmetricOnly, usageError } from './from-model.ts';
import { symbolicGrantAllows } from './grants.ts';
import { symbolicInputs } from './inputs.ts';
import { keyStateAllows } from './kms.ts';
import type { SymPrincipal } from './principals.ts';
import type { RequestVars } from './request.ts';
import { environmentEntries, symbolicContext } from './request.ts';
import type { Backend } from './variables.ts';

export interface ObjectTarget {
  readonly state: State;
  readonly bucket: Bucket;
  readonly objectKey: string;
  readonly object: S3Object;
  readonly vars: RequestVars;
}

/** model/s3/objects.ts: every object not stored with SSE-S3 (aws:kms, aws:kms:dsse) is read through KMS. */
export const usesKms = (o: S3Object): boolean => o.sse !== 'AES256';

/**
 * The key S3 asks to decrypt the object's data key (the one its ciphertext names: model/kms/for-services.ts), or why
 * there is none: a key deleted after its waiting period leaves the object unreadable (spec §12.12).
 */
export function objectKmsKey(state: State, o: S3Object): Key | 'none' | 'gone' {
  if (!o.kmsKeyArn || o.encryptedDataKey === undefined) return 'none';
  const header = decodeCiphertext(o.encryptedDataKey);
  if (!header) return 'gone';
  return Object.values(state.kms.keys).find((k) => k.arn === header.keyArn) ?? 'gone';
}

/** S3's own authorization of s3:GetObject by the principal (model/s3/authorization.ts `authorizeS3`). */
function s3Allows<B>(S: Backend<B>, t: ObjectTarget, principal: SymPrincipal): B {
  const r: S3AccessRequest = { state: t.state, caller: principal.caller, env: {}, action: 's3:GetObject', bucket: t.bucket, key: t.objectKey, object: t.object };
  const owner = effectiveObjectOwner(t.bucket, t.object);
  const context = symbolicContext(s3Context(r), principal, environmentEntries(t.vars, false));
  const req = { principal, action: 's3:GetObject', resource: objectArn(t.bucket.name, t.objectKey), context };
  const side = { owner, policy: bucketPolicyFor(r, owner), extraIndirectAllow: aclAllowFor(r, 'object', owner) };
  return decide(S.L, symbolicInputs(S, t.state, req, side, S.L.no), s3Rule);
}

/**
 * The Decrypt S3 makes as the caller (model/s3/sse-kms.ts `decryptObjectDataKey`, model/kms/for-services.ts): the
 * object's stored encryption context, kms:ViaService = s3.<region>.amazonaws.com, the caller's environment without its
 * network keys, no grant tokens; then the key's state and usage.
 */
function kmsDecryptAllows<B>(S: Backend<B>, t: ObjectTarget, principal: SymPrincipal, key: Key): B {
  const caller = principal.caller;
  if (caller.kind === 'anonymous') return S.L.no;
  if (!keyStateAllows(key, 'kms:Decrypt') || usageError(key, 'Decrypt', 'ENCRYPT_DECRYPT') || symmetricOnly(key, 'Decrypt')) return S.L.no;
  const encryptionContext = t.object.encryptionContext ?? {};
  const base = kmsContext({
    state: t.state, caller, key, action: 'kms:Decrypt', env: forwardedEnvironment({}), encryptionContext,
    extraContext: { 'kms:ViaService': s3ViaService(t.state) },
  });
  const context = symbolicContext(base, principal, environmentEntries(t.vars, true));
  const req = { principal, action: 'kms:Decrypt', resource: key.arn, context };
  const grant = symbolicGrantAllows(S, { state: t.state, key, principal, operation: 'Decrypt', tokensFree: false, ec: { k: 'fixed', context: encryptionContext } });
  return decide(S.L, symbolicInputs(S, t.state, req, { owner: key.account, policy: key.policy.doc }, grant), kmsRule(t.state, 'kms:Decrypt'));
}

/**
 * s3:GetObject by the principal would succeed. https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 * — "the requester must have kms:Decrypt"; https://repost.aws/knowledge-center/s3-kms-signature-version-error — an
 * unsigned request for an SSE-KMS object fails (InvalidArgument), whatever the ACLs say.
 */
export function getObjectAllowed<B>(S: Backend<B>, t: ObjectTarget, principal: SymPrincipal): B {
  const s3 = s3Allows(S, t, principal);
  if (!usesKms(t.object)) return s3;
  if (principal.caller.kind === 'anonymous') return S.L.no;
  const key = objectKmsKey(t.state, t.object);
  if (key === 'none') return s3;
  if (key === 'gone') return S.L.no;
  return S.L.and(s3, kmsDecryptAllows(S, t, principal, key));
}
