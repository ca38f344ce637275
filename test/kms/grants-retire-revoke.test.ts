// RetireGrant, RevokeGrant, ListGrants and ListRetirableGrants: who may, what they return, and that removal removes exactly one grant.
import { describe, expect, it } from 'vitest';
import type { State } from '../../model/state.ts';
import { A, B, K1, K2, arnOf, call, fails, mayUse, ok, policy, withKey, withRole, withSession, withUser, world } from './grants-world.ts';

const ROOT = `arn:aws:iam::${A}:root`;
const user = (name: string, account: string = A): string => `arn:aws:iam::${account}:user/${name}`;
const ADMIN_ROLE = `arn:aws:iam::${A}:role/adminRole`;
const ADMIN_SESSION = `arn:aws:sts::${A}:assumed-role/adminRole/cleanup`;
const iam = (effect: 'Allow' | 'Deny', action: string, resource = '*') => policy({ Effect: effect, Action: action, Resource: resource });

/** Account A: exampleUser, delegate (IAM allows kms:RetireGrant), denied (IAM denies it), plain; adminRole with a session; key K1. */
function base(config: Partial<State['config']> = {}, keyPolicy?: string): State {
  let s = world(config);
  s = withUser(s, A, 'exampleUser');
  s = withUser(s, A, 'plain');
  s = withUser(s, A, 'delegate', [iam('Allow', 'kms:RetireGrant')]);
  s = withRole(s, A, 'adminRole');
  s = withSession(s, A, 'adminRole', 'cleanup');
  s = withUser(s, B, 'partnerAdmin', [iam('Allow', 'kms:RetireGrant')]);
  s = withUser(s, B, 'partnerPlain');
  return withKey(s, A, { id: K1, policy: keyPolicy });
}

function withGrant(state: State, input: Record<string, unknown>) {
  const r = ok(state, ROOT, 'kms:CreateGrant', { KeyId: K1, GranteePrincipal: user('exampleUser'), Operations: ['Decrypt'], ...input });
  return { state: r.state, grantId: r.output.GrantId as string, token: r.output.GrantToken as string };
}

const retire = (state: State, as: string, grantId: string) => call(state, as, 'kms:RetireGrant', { KeyId: arnOf(state, K1), GrantId: grantId });
const code = (r: ReturnType<typeof call>) => (r.outcome.ok ? 'ok' : r.outcome.error.code);

describe('RetireGrant: who may retire', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html — "A grant can be retired by ... The retiring
  // principal ... The grantee principal, if the grant includes the RetireGrant operation ... The AWS account in which the
  // grant was created." "Principals specified in the grant can retire a grant without the kms:RetireGrant permission."
  it('the retiring principal (a session of the named role) needs no KMS permission', () => {
    const { state, grantId } = withGrant(base(), { RetiringPrincipal: ADMIN_ROLE });
    const r = retire(state, ADMIN_SESSION, grantId);
    expect(code(r)).toBe('ok');
    expect(r.state.kms.keys[K1]!.grants[grantId]).toBeUndefined();
  });

  it('the grantee may not, unless the grant includes RetireGrant or names it as retiring principal', () => {
    const plain = withGrant(base(), { RetiringPrincipal: ADMIN_ROLE });
    expect(code(retire(plain.state, user('exampleUser'), plain.grantId))).toBe('AccessDeniedException');
    const withOp = withGrant(base(), { Operations: ['Decrypt', 'RetireGrant'] });
    expect(code(retire(withOp.state, user('exampleUser'), withOp.grantId))).toBe('ok');
    const selfRetiring = withGrant(base(), { RetiringPrincipal: user('exampleUser') });
    expect(code(retire(selfRetiring.state, user('exampleUser'), selfRetiring.grantId))).toBe('ok');
  });

  // grant-delete — "The AWS account that owns the KMS key can delegate the kms:RetireGrant permission to an IAM principal in
  // the account"; "The kms:RetireGrant permission alone does not allow principals to retire a grant" (elsewhere).
  it('the key\'s account: its root user, and its IAM principals with an IAM allow of kms:RetireGrant', () => {
    const { state, grantId } = withGrant(base(), {});
    expect(code(retire(state, ROOT, grantId))).toBe('ok');
    expect(code(retire(state, user('delegate'), grantId))).toBe('ok');
    expect(code(retire(state, user('plain'), grantId))).toBe('AccessDeniedException');
  });

  it('an IAM allow in another account does not let its principals retire a grant that does not name that account', () => {
    const { state, grantId } = withGrant(base(), {});
    expect(code(retire(state, user('partnerAdmin', B), grantId))).toBe('AccessDeniedException');
  });

  // grant-delete — "If the retiring principal is a different AWS account, administrators in the other account can use
  // kms:RetireGrant to delegate permission to retire the grant to an IAM principal in that account."
  it('a retiring principal that is another account: its root user, and its principals it delegates to', () => {
    const { state, grantId } = withGrant(base(), { RetiringPrincipal: `arn:aws:iam::${B}:root` });
    expect(code(retire(state, user('partnerPlain', B), grantId))).toBe('AccessDeniedException');
    expect(code(retire(state, user('partnerAdmin', B), grantId))).toBe('ok');
    expect(code(retire(state, `arn:aws:iam::${B}:root`, grantId))).toBe('ok');
  });

  // grant-delete — "To deny permission to retire a grant, you can use a Deny action with the kms:RetireGrant permission in
  // your IAM policies." "The kms:RetireGrant permission is not effective in a key policy."
  it('an IAM Deny of kms:RetireGrant stops even the retiring principal; a key-policy allow gives nothing', () => {
    let s = base();
    s = withRole(s, A, 'adminRole', [iam('Deny', 'kms:RetireGrant')]);
    s = withSession(s, A, 'adminRole', 'cleanup');
    const denied = withGrant(s, { RetiringPrincipal: ADMIN_ROLE });
    expect(code(retire(denied.state, ADMIN_SESSION, denied.grantId))).toBe('AccessDeniedException');

    const keyPolicy = policy(
      { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: user('plain') }, Action: 'kms:RetireGrant', Resource: '*' },
    );
    const viaKeyPolicy = withGrant(base({}, keyPolicy), {});
    expect(code(retire(viaKeyPolicy.state, user('plain'), viaKeyPolicy.grantId))).toBe('AccessDeniedException');
  });
});

describe('RetireGrant: identifying the grant', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_RetireGrant.html — "use a grant token, or both the grant ID and a
  // key identifier (key ID or key ARN)".
  it('by grant token, by key id + grant id, by key ARN + grant id', () => {
    const g = withGrant(base(), { RetiringPrincipal: ADMIN_ROLE });
    expect(code(call(g.state, ADMIN_SESSION, 'kms:RetireGrant', { GrantToken: g.token }))).toBe('ok');
    expect(code(call(g.state, ADMIN_SESSION, 'kms:RetireGrant', { KeyId: K1, GrantId: g.grantId }))).toBe('ok');
    expect(code(retire(g.state, ADMIN_SESSION, g.grantId))).toBe('ok');
  });

  it('neither a token nor both ids → ValidationException; a bad token → InvalidGrantTokenException', () => {
    const g = withGrant(base(), {});
    expect(code(call(g.state, ROOT, 'kms:RetireGrant', { GrantId: g.grantId }))).toBe('ValidationException');
    expect(code(call(g.state, ROOT, 'kms:RetireGrant', { GrantToken: 'not-a-token' }))).toBe('InvalidGrantTokenException');
  });

  // §12.9: the error for an unknown grant id is config.unknownGrantIdError.
  it('an unknown grant id → config.unknownGrantIdError', () => {
    const g = withGrant(base(), {});
    expect(code(retire(g.state, ROOT, 'f'.repeat(64)))).toBe('NotFoundException');
    const other = withGrant(base({ unknownGrantIdError: 'InvalidGrantIdException' }), {});
    expect(code(retire(other.state, ROOT, 'f'.repeat(64)))).toBe('InvalidGrantIdException');
  });

  // grant-delete — "If you need to delete a new grant immediately, before it is available throughout AWS KMS, use a grant
  // token to retire the grant"; grants.html — managing a grant before it propagates "might get an access denied error".
  it('a grant that has not propagated is retired by its token, not by its id', () => {
    const g = withGrant(base({ grantPropagationSeconds: 300 }), { RetiringPrincipal: ADMIN_ROLE });
    expect(code(retire(g.state, ADMIN_SESSION, g.grantId))).toBe('AccessDeniedException');
    expect(code(call(g.state, ADMIN_SESSION, 'kms:RetireGrant', { GrantToken: g.token }))).toBe('ok');
  });
});

describe('retiring and revoking remove exactly that grant', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html — "Both operations delete a grant, which
  // eliminates the permissions the grant allows." Grants only add access: removing one never adds any.
  it('the grantee loses exactly what the removed grant gave; other grants stay', () => {
    let s = base();
    const decrypt = withGrant(s, { RetiringPrincipal: ADMIN_ROLE });
    s = decrypt.state;
    const encrypt = withGrant(s, { Operations: ['Encrypt'] });
    s = encrypt.state;
    expect(mayUse(s, user('exampleUser'), K1, 'Decrypt')).toBe(true);
    s = ok(s, ADMIN_SESSION, 'kms:RetireGrant', { KeyId: K1, GrantId: decrypt.grantId }).state;
    expect(mayUse(s, user('exampleUser'), K1, 'Decrypt')).toBe(false);
    expect(mayUse(s, user('exampleUser'), K1, 'Encrypt')).toBe(true);
    expect(Object.keys(s.kms.keys[K1]!.grants)).toEqual([encrypt.grantId]);
    s = ok(s, ROOT, 'kms:RevokeGrant', { KeyId: K1, GrantId: encrypt.grantId }).state;
    expect(mayUse(s, user('exampleUser'), K1, 'Encrypt')).toBe(false);
    expect(s.kms.keys[K1]!.grants).toEqual({});
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — RetireGrant and RevokeGrant ✓ in every key state.
  it.each(['Disabled', 'PendingDeletion', 'PendingImport', 'Unavailable', 'Creating', 'Updating'] as const)('both work when the key is %s', (keyState) => {
    const g = withGrant(base(), { RetiringPrincipal: ADMIN_ROLE });
    const h = withGrant(g.state, { Operations: ['Encrypt'] });
    const key = h.state.kms.keys[K1]!;
    const s: State = { ...h.state, kms: { ...h.state.kms, keys: { ...h.state.kms.keys, [K1]: { ...key, state: keyState } } } };
    expect(code(retire(s, ADMIN_SESSION, g.grantId))).toBe('ok');
    expect(code(call(s, ROOT, 'kms:RevokeGrant', { KeyId: K1, GrantId: h.grantId }))).toBe('ok');
  });
});

describe('RevokeGrant', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_RevokeGrant.html — "Required permissions: kms:RevokeGrant (key
  // policy)"; grant-delete — "The RevokeGrant API can be called by any principal with kms:RevokeGrant permission."
  it('needs kms:RevokeGrant from the key policy or delegated IAM; the grant\'s own principals get nothing', () => {
    const keyPolicy = policy(
      { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: user('plain') }, Action: 'kms:Revoke*', Resource: '*' },
    );
    let s = withUser(base({}, keyPolicy), A, 'iamRevoker', [iam('Allow', 'kms:RevokeGrant')]);
    const g = withGrant(s, { RetiringPrincipal: ADMIN_ROLE, Operations: ['Decrypt', 'RetireGrant'] });
    s = g.state;
    const revoke = (as: string) => code(call(s, as, 'kms:RevokeGrant', { KeyId: K1, GrantId: g.grantId }));
    expect(revoke(user('exampleUser'))).toBe('AccessDeniedException');
    expect(revoke(ADMIN_SESSION)).toBe('AccessDeniedException');
    expect(revoke(user('delegate'))).toBe('AccessDeniedException');
    expect(revoke(user('plain'))).toBe('ok');
    expect(revoke(user('iamRevoker'))).toBe('ok');
    expect(revoke(ROOT)).toBe('ok');
  });

  // conditions-kms#conditions-kms-grant-is-for-aws-resource — a statement conditioned on it does not allow direct calls.
  it('a GrantIsForAWSResource statement does not allow a direct RevokeGrant', () => {
    const keyPolicy = policy(
      { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: user('plain') }, Action: 'kms:RevokeGrant', Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
    );
    const g = withGrant(base({}, keyPolicy), {});
    expect(code(call(g.state, user('plain'), 'kms:RevokeGrant', { KeyId: K1, GrantId: g.grantId }))).toBe('AccessDeniedException');
  });

  it('an unknown grant id → config.unknownGrantIdError; a cross-account key id (not ARN) → NotFoundException', () => {
    const g = withGrant(base(), {});
    expect(code(call(g.state, ROOT, 'kms:RevokeGrant', { KeyId: K1, GrantId: 'abc' }))).toBe('NotFoundException');
    expect(code(call(g.state, `arn:aws:iam::${B}:root`, 'kms:RevokeGrant', { KeyId: K1, GrantId: g.grantId }))).toBe('NotFoundException');
    expect(code(call(g.state, ROOT, 'kms:RevokeGrant', { KeyId: K1 }))).toBe('ValidationException');
  });
});

describe('ListGrants', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html — GrantListEntry: KeyId (the key ARN), GrantId,
  // Name, CreationDate, GranteePrincipal, RetiringPrincipal, IssuingAccount, Operations, Constraints.
  it('returns the grants in AWS\'s shape', () => {
    const g = withGrant(base(), { RetiringPrincipal: ADMIN_ROLE, Constraints: { EncryptionContextSubset: { Department: 'IT' } } });
    const out = ok(g.state, ROOT, 'kms:ListGrants', { KeyId: K1 }).output;
    expect(out).toEqual({
      Grants: [
        {
          KeyId: arnOf(g.state, K1),
          GrantId: g.grantId,
          Name: '',
          CreationDate: new Date(g.state.now).toISOString(),
          GranteePrincipal: user('exampleUser'),
          RetiringPrincipal: ADMIN_ROLE,
          IssuingAccount: ROOT,
          Operations: ['Decrypt'],
          Constraints: { EncryptionContextSubset: { Department: 'IT' } },
        },
      ],
      Truncated: false,
      NextMarker: undefined,
    });
  });

  it('filters by GrantId and GranteePrincipal, and pages with Limit / Marker', () => {
    let s = base();
    const ids: string[] = [];
    for (const grantee of ['exampleUser', 'plain', 'exampleUser']) {
      const g = withGrant(s, { GranteePrincipal: user(grantee) });
      s = g.state;
      ids.push(g.grantId);
    }
    const list = (input: object) => ok(s, ROOT, 'kms:ListGrants', { KeyId: K1, ...input }).output as { Grants: { GrantId: string }[]; Truncated: boolean; NextMarker?: string };
    expect(list({ GrantId: ids[1] }).Grants.map((g) => g.GrantId)).toEqual([ids[1]]);
    expect(list({ GranteePrincipal: user('exampleUser') }).Grants.map((g) => g.GrantId)).toEqual([ids[0], ids[2]]);
    const p1 = list({ Limit: 2 });
    expect(p1.Grants.map((g) => g.GrantId)).toEqual(ids.slice(0, 2));
    expect(p1.Truncated).toBe(true);
    const p2 = list({ Limit: 2, Marker: p1.NextMarker });
    expect(p2.Grants.map((g) => g.GrantId)).toEqual([ids[2]]);
    expect(p2.Truncated).toBe(false);
    fails(s, ROOT, 'kms:ListGrants', { KeyId: K1, Marker: 'bogus' }, 'InvalidMarkerException');
    fails(s, ROOT, 'kms:ListGrants', { KeyId: K1, Limit: 0 }, 'ValidationException');
    fails(s, ROOT, 'kms:ListGrants', { KeyId: K1, Limit: 101 }, 'ValidationException');
  });

  it('needs kms:ListGrants and works in every key state', () => {
    const g = withGrant(base(), {});
    fails(g.state, user('plain'), 'kms:ListGrants', { KeyId: K1 }, 'AccessDeniedException');
    const key = g.state.kms.keys[K1]!;
    const pending: State = { ...g.state, kms: { ...g.state.kms, keys: { ...g.state.kms.keys, [K1]: { ...key, state: 'PendingDeletion' } } } };
    expect((ok(pending, ROOT, 'kms:ListGrants', { KeyId: K1 }).output.Grants as unknown[]).length).toBe(1);
  });
});

describe('ListRetirableGrants', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListRetirableGrants.html — grants whose retiring principal is the
  // one named, on keys of any account; "You must specify a principal in your AWS account"; "Required permissions:
  // kms:ListRetirableGrants (IAM policy) in your AWS account".
  function twoKeys(): { state: State; ids: string[] } {
    let s = withKey(base(), B, { id: K2 });
    const g1 = withGrant(s, { RetiringPrincipal: ADMIN_ROLE });
    s = g1.state;
    s = withGrant(s, { RetiringPrincipal: user('plain') }).state;
    const g3 = ok(s, `arn:aws:iam::${B}:root`, 'kms:CreateGrant', { KeyId: K2, GranteePrincipal: user('exampleUser'), Operations: ['Decrypt'], RetiringPrincipal: ADMIN_ROLE });
    return { state: g3.state, ids: [g1.grantId, g3.output.GrantId as string] };
  }

  it('lists the grants naming the principal as retiring principal, across keys and accounts', () => {
    const { state, ids } = twoKeys();
    const out = ok(state, ROOT, 'kms:ListRetirableGrants', { RetiringPrincipal: ADMIN_ROLE }).output as { Grants: { GrantId: string; KeyId: string }[] };
    expect(out.Grants.map((g) => g.GrantId).sort()).toEqual([...ids].sort());
    expect(out.Grants.map((g) => g.KeyId).sort()).toEqual([arnOf(state, K1), arnOf(state, K2)].sort());
  });

  it('is authorized by IAM in the caller\'s account only', () => {
    let { state } = twoKeys();
    fails(state, user('plain'), 'kms:ListRetirableGrants', { RetiringPrincipal: ADMIN_ROLE }, 'AccessDeniedException');
    state = withUser(state, A, 'lister', [iam('Allow', 'kms:ListRetirableGrants')]);
    fails(state, user('lister'), 'kms:ListRetirableGrants', { RetiringPrincipal: ADMIN_ROLE }, 'ok');
    fails(state, user('lister'), 'kms:ListRetirableGrants', { RetiringPrincipal: `arn:aws:iam::${B}:root` }, 'AccessDeniedException');
  });
});
