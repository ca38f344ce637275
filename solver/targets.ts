// What a question is about: its resource as the state has it now (a key, an object), every principal it ranges over,
// and the formula "this principal's request would succeed" for it.
import type { Bucket, PolicyDocument, S3Object, State } from '../model/index.ts';
import { unknownAccounts } from './accounts.ts';
import { newEc } from './ec.ts';
import { kmsAllowed } from './kms.ts';
import type { KmsTarget } from './kms.ts';
import type { SymPrincipal } from './principals.ts';
import { anonymousPrincipal, concretePrincipal, freshRoleSession, unknownRoot, unknownSession, unknownUser } from './principals.ts';
import type { RequestVars } from './request.ts';
import type { ObjectTarget } from './s3.ts';
import { getObjectAllowed } from './s3.ts';
import type { Backend } from './variables.ts';

export type Target = ({ readonly kind: 'kms' } & KmsTarget) | ({ readonly kind: 's3' } & ObjectTarget);

export type Resolution = { readonly ok: true; readonly target: Target } | { readonly ok: false; readonly missing: boolean; readonly why: string };

const OBJECT_ARN = /^arn:aws:s3:::([^/]+)\/(.+)$/;

const newVars = (): RequestVars => ({ singles: new Map(), sets: new Map(), ec: newEc('request') });

/**
 * The resource of a question, as the state has it now. A key that was deleted and an object that does not exist
 * give nobody anything (`missing`); a resource that names nothing known (an alias, a typo) or an action the solver
 * does not model makes the question unanswerable ("unknown", never a silent "nobody").
 */
export function resolveTarget(state: State, action: string, resource: string): Resolution {
  if (action.startsWith('kms:')) {
    const key = Object.values(state.kms.keys).find((k) => k.arn === resource || k.keyId === resource);
    if (key) return { ok: true, target: { kind: 'kms', state, key, vars: newVars() } };
    const deleted = Object.entries(state.kms.deletedKeys).some(([id, d]) => d.arn === resource || id === resource);
    if (deleted) return { ok: false, missing: true, why: `the key ${resource} was deleted` };
    // The world fully knows its accounts (SCENARIOS.md): a key ARN of a known account that is not there does not exist.
    const owner = /^arn:aws:kms:([^:]+):(\d{12}):key\/.+$/.exec(resource);
    if (owner && owner[1] === state.region && state.accounts.includes(owner[2] as never)) return { ok: false, missing: true, why: `there is no key ${resource}` };
    return { ok: false, missing: false, why: `${resource} names no key of the state (give a key ARN or key id)` };
  }
  if (action === 's3:GetObject') {
    const m = OBJECT_ARN.exec(resource);
    if (!m) return { ok: false, missing: false, why: `${resource} is not an object ARN` };
    const [, bucketName, objectKey] = m as unknown as [string, string, string];
    const bucket: Bucket | undefined = state.s3.buckets[bucketName];
    const object: S3Object | undefined = bucket && Object.hasOwn(bucket.objects, objectKey) ? bucket.objects[objectKey] : undefined;
    if (!bucket || !object) return { ok: false, missing: true, why: `there is no object ${resource}` };
    return { ok: true, target: { kind: 's3', state, bucket, objectKey, object, vars: newVars() } };
  }
  return { ok: false, missing: false, why: `the solver does not model ${action} (it answers for kms:* actions on keys and s3:GetObject on objects)` };
}

/** The resource-side documents of a target (they name the unknown accounts worth considering) and the accounts its grants and ACLs name. */
function resourceSide(t: Target, extra: readonly PolicyDocument[]): { docs: PolicyDocument[]; named: string[] } {
  if (t.kind === 'kms') {
    const named = Object.values(t.key.grants).map((g) => g.granteePrincipal).map((p) => /(\d{12})/.exec(p)?.[1]).filter((a): a is string => a !== undefined);
    return { docs: [t.key.policy.doc, ...extra], named };
  }
  const keyDocs = Object.values(t.state.kms.keys).filter((k) => k.arn === t.object.kmsKeyArn).map((k) => k.policy.doc);
  const aclAccounts = [...t.bucket.acl, ...t.object.acl].map((g) => g.grantee).filter((g) => /^\d{12}$/.test(g));
  return { docs: [...(t.bucket.policy ? [t.bucket.policy.doc] : []), ...keyDocs], named: aclAccounts };
}

/**
 * Every principal a question ranges over: the known ones (account roots, IAM users, every role as a fresh session of
 * it, live sessions), and the unknown ones (for each unknown account worth considering, its root user, some user and
 * some role session; anonymous callers).
 */
export function principalsOf(state: State, t: Target, extra: readonly PolicyDocument[]): SymPrincipal[] {
  const known: SymPrincipal[] = [
    ...state.accounts.map((a) => concretePrincipal({ kind: 'root', arn: `arn:aws:iam::${a}:root` as never, account: a })),
    ...Object.values(state.iam.users).map((user) => concretePrincipal({ kind: 'user', arn: user.arn, account: user.account, user })),
    ...Object.values(state.iam.roles).map((role) => freshRoleSession(state, role)),
    ...Object.values(state.iam.sessions)
      .filter((s) => s.expiresAt > state.now && state.iam.roles[s.roleArn] !== undefined)
      .map((session) => {
        const role = state.iam.roles[session.roleArn]!;
        return concretePrincipal({ kind: 'session', arn: session.arn, account: session.account, session, role }, { reportAs: role.arn });
      }),
  ];
  const side = resourceSide(t, extra);
  const unknown = unknownAccounts(state, side.docs, side.named).flatMap((a) => [unknownRoot(state, a), unknownUser(state, a), unknownSession(state, a)]);
  return [...known, ...unknown, anonymousPrincipal()];
}

/** The request by `p` for `action` would succeed (under `policy` for a key, the key's own by default). */
export function allowedFor<B>(S: Backend<B>, t: Target, p: SymPrincipal, action: string, policy?: PolicyDocument): B {
  return t.kind === 'kms' ? kmsAllowed(S, t, p, action, policy ?? t.key.policy.doc) : getObjectAllowed(S, t, p);
}
