// Replaying a witness: a concrete request (principal, action, resource, context) checked by model/ alone — authorizeKms
// and the key state for a KMS action, S3's own GetObject path for an object — so that no "yes" rests on the solver.
import type { Arn, Caller, EncryptionContext, Key, Role, State, User } from '../model/index.ts';
import { parsePolicy, parsePrincipalArn, resolveCaller, rootArn, sessionArn, step, supportedCalls } from '../model/index.ts';
import type { RequestEnvironment } from './from-model.ts';
import { anonymousKmsProblem, authorizeKms, authorizeS3, decryptObjectDataKey, keyStateError } from './from-model.ts';
import type { RequestVerdict, RequestWitness } from './answers.ts';
import { EC_KEY_PREFIX } from './ec.ts';
import { ENVIRONMENT_KEYS, EC_ACTIONS, grantOperationOf, keyStateOperationOf } from './request.ts';
import { usesKms } from './s3.ts';

/** The witness context key carrying grant tokens (not a condition key: the GrantTokens parameter of the request). */
export const GRANT_TOKENS_KEY = 'kms:GrantTokens';

/** Principal keys an unknown principal's witness may fix (its stand-in takes them). */
const PRINCIPAL_KEYS = new Set(['aws:userid', 'aws:principalorgid', 'aws:principalarn', 'aws:username']);
const ENV_KEYS = new Set([...ENVIRONMENT_KEYS.map((c) => c.key.toLowerCase()), 'aws:viaawsservice']);

interface SplitContext {
  readonly env: Record<string, string>;
  readonly ec: Record<string, string>;
  readonly extra: Record<string, string | readonly string[]>;
  readonly tokens: readonly string[];
  readonly principalKeys: Record<string, string>;
}

const one = (v: string | readonly string[]): string => (typeof v === 'string' ? v : (v[0] ?? ''));

/** Sort a witness context into what the request carries: environment, encryption context, grant tokens, the operation's keys. */
function split(context: RequestWitness['context']): SplitContext {
  const out: SplitContext = { env: {}, ec: {}, extra: {}, tokens: [], principalKeys: {} };
  const tokens: string[] = [];
  for (const [k, v] of Object.entries(context)) {
    const lower = k.toLowerCase();
    if (lower.startsWith(EC_KEY_PREFIX)) out.ec[k.slice(EC_KEY_PREFIX.length)] = one(v);
    else if (lower === GRANT_TOKENS_KEY.toLowerCase()) tokens.push(...(typeof v === 'string' ? [v] : v));
    else if (ENV_KEYS.has(lower)) out.env[k] = one(v);
    else if (PRINCIPAL_KEYS.has(lower)) out.principalKeys[lower] = one(v);
    else out.extra[k] = v;
  }
  return { ...out, tokens };
}

const allowAll = (grants: readonly { action: string; resource: string }[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: grants.map((g) => ({ Effect: 'Allow', Action: g.action, Resource: g.resource })) });

function storedIdentityPolicy(grants: readonly { action: string; resource: string }[]) {
  const text = allowAll(grants);
  const parsed = parsePolicy(text, 'identity');
  if (!parsed.ok) throw new Error(`keyward: the stand-in identity policy does not parse: ${parsed.reason}`);
  return { text, doc: parsed.doc };
}

/** A session of a role that the state has not seen (no session policy), as sts:AssumeRole would make it. */
function sessionOf(role: Role, sessionName: string): Caller {
  const arn = sessionArn(role.account, role.name, sessionName);
  const session = { arn, account: role.account, roleArn: role.arn, roleName: role.name, sessionName, sessionPolicy: undefined, sessionPolicyArns: [], expiresAt: Number.POSITIVE_INFINITY, assumedBy: role.arn };
  return { kind: 'session', arn, account: role.account, session, role };
}

interface Resolved {
  readonly caller: Caller;
  /** A stand-in for a principal outside the known world (its request context may fix its principal keys). */
  readonly standIn: boolean;
}

/**
 * The caller a witness names: a principal of the state; a session (not yet created) of a known role; or, for an account
 * the world does not know, a stand-in principal whose identity policy allows exactly the requests of the witness.
 */
function witnessCaller(state: State, arn: string, needs: readonly { action: string; resource: string }[], keys: Record<string, string>): Resolved | string {
  if (arn === 'anonymous') return { caller: { kind: 'anonymous' }, standIn: false };
  const resolved = resolveCaller(state, arn);
  if (typeof resolved !== 'string') return { caller: resolved, standIn: false };
  if (resolved === 'expiredSession') return `${arn} is an expired session`;
  const name = parsePrincipalArn(arn);
  if (!name) return `${arn} is not a principal ARN`;
  if (state.accounts.includes(name.account)) {
    const roleName = name.kind === 'session' ? name.roleName : name.kind === 'role' ? name.name : undefined;
    const role = Object.values(state.iam.roles).find((r) => r.account === name.account && r.name === roleName);
    if (!role) return `${arn} is not a principal of the state`;
    return { caller: sessionOf(role, name.kind === 'session' ? name.sessionName : 'keyward-witness'), standIn: false };
  }
  const policy = storedIdentityPolicy(needs);
  const account = name.account;
  switch (name.kind) {
    case 'root':
      return { caller: { kind: 'root', arn: rootArn(account), account }, standIn: true };
    case 'user': {
      const path = name.arn.slice(name.arn.indexOf(':user') + ':user'.length, name.arn.length - name.name.length);
      const user: User = {
        arn: name.arn, account, name: name.name, path, userId: keys['aws:userid'] ?? 'AIDAKEYWARDSTANDIN', createdAt: 0,
        inlinePolicies: { standIn: policy }, attachedPolicies: [], boundary: undefined,
      };
      return { caller: { kind: 'user', arn: name.arn, account, user }, standIn: true };
    }
    case 'role':
    case 'session': {
      const roleArn = (keys['aws:principalarn'] ?? `arn:aws:iam::${account}:role/${name.kind === 'role' ? name.name : name.roleName}`) as Arn;
      const uid = keys['aws:userid'];
      const role: Role = {
        arn: roleArn, account, name: roleArn.slice(roleArn.lastIndexOf('/') + 1), path: '/', roleId: uid ? uid.slice(0, uid.indexOf(':')) : 'AROAKEYWARDSTANDIN',
        createdAt: 0, trustPolicy: policy, inlinePolicies: { standIn: policy }, attachedPolicies: [], boundary: undefined, maxSessionDurationSeconds: 3600,
      };
      return { caller: sessionOf(role, name.kind === 'session' ? name.sessionName : 'keyward-witness'), standIn: true };
    }
  }
}

/** A stand-in's principal keys reach the request context through its environment (they override the defaults). */
function standInEnvironment(env: Record<string, string>, keys: Record<string, string>): RequestEnvironment {
  return keys['aws:principalorgid'] !== undefined ? { ...env, 'aws:PrincipalOrgID': keys['aws:principalorgid'] } : env;
}

const verdict = (allowed: boolean, why: string): RequestVerdict => ({ allowed, why });

/** The key a KMS witness names (by ARN or key id); a deleted key is no key. */
const keyNamed = (state: State, resource: string): Key | undefined => Object.values(state.kms.keys).find((k) => k.arn === resource || k.keyId === resource);

function kmsVerdict(state: State, w: RequestWitness): RequestVerdict {
  const key = keyNamed(state, w.resource);
  if (!key) return verdict(false, `there is no key ${w.resource}`);
  const c = split(w.context);
  const who = witnessCaller(state, w.principal, [{ action: w.action, resource: key.arn }], c.principalKeys);
  if (typeof who === 'string') return verdict(false, who);
  if (who.caller.kind === 'anonymous') return verdict(false, 'KMS serves no anonymous request');
  const env = who.standIn ? standInEnvironment(c.env, c.principalKeys) : c.env;
  const denied = authorizeKms({
    state, caller: who.caller, key, action: w.action, env,
    encryptionContext: EC_ACTIONS.has(w.action) ? (c.ec as EncryptionContext) : undefined,
    extraContext: c.extra,
    grantOperation: grantOperationOf(w.action),
    grantTokens: c.tokens,
  });
  if (denied) return verdict(false, `${denied.code}: ${denied.message}`);
  const stateError = keyStateError(key, keyStateOperationOf(w.action));
  if (stateError) return verdict(false, `${stateError.code}: ${stateError.message}`);
  return verdict(true, `authorizeKms allows it and the key's state (${key.state}) permits ${w.action}`);
}

const OBJECT_ARN = /^arn:aws:s3:::([^/]+)\/(.+)$/;

/** s3:GetObject: the model's own GetObject for a principal of the state; S3's authorization and KMS Decrypt for a stand-in. */
function getObjectVerdict(state: State, w: RequestWitness): RequestVerdict {
  const m = OBJECT_ARN.exec(w.resource);
  if (!m) return verdict(false, `${w.resource} is not an object ARN`);
  const [, bucketName, objectKey] = m as unknown as [string, string, string];
  const bucket = state.s3.buckets[bucketName];
  const object = bucket && Object.hasOwn(bucket.objects, objectKey) ? bucket.objects[objectKey] : undefined;
  if (!bucket || !object) return verdict(false, `there is no object ${w.resource}`);
  const c = split(w.context);
  const needs = [{ action: 's3:GetObject', resource: w.resource }, ...(object.kmsKeyArn ? [{ action: 'kms:Decrypt', resource: object.kmsKeyArn }] : [])];
  const who = witnessCaller(state, w.principal, needs, c.principalKeys);
  if (typeof who === 'string') return verdict(false, who);
  const env = who.standIn ? standInEnvironment(c.env, c.principalKeys) : c.env;
  const real = w.principal === 'anonymous' || typeof resolveCaller(state, w.principal) !== 'string';
  if (real && supportedCalls().includes('s3:GetObject')) {
    const r = step(state, { as: w.principal, op: 's3:GetObject', input: { Bucket: bucketName, Key: objectKey }, env });
    return r.outcome.ok ? verdict(true, 'the model\'s s3:GetObject succeeds') : verdict(false, `s3:GetObject fails: ${r.outcome.error.code}: ${r.outcome.error.message}`);
  }
  const denied = authorizeS3({ state, caller: who.caller, env, action: 's3:GetObject', bucket, key: objectKey, object });
  if (denied) return verdict(false, `${denied.code}: ${denied.message}`);
  const anonymous = anonymousKmsProblem(who.caller, usesKms(object));
  if (anonymous) return verdict(false, `${anonymous.code}: ${anonymous.message}`);
  if (who.caller.kind === 'anonymous') return verdict(true, 'S3 allows it and the object needs no KMS');
  const decrypted = decryptObjectDataKey(state, who.caller, env, object);
  if (!decrypted.ok) return verdict(false, `${decrypted.error.code}: ${decrypted.error.message}`);
  return verdict(true, 'S3 allows it and KMS Decrypts the data key for the caller');
}

/** Would the witness request succeed in this state, by model/ alone? */
export function requestAllowed(state: State, w: RequestWitness): RequestVerdict {
  if (w.action === 's3:GetObject') return getObjectVerdict(state, w);
  if (w.action.startsWith('kms:')) return kmsVerdict(state, w);
  return verdict(false, `keyward's solver does not check ${w.action} witnesses`);
}
