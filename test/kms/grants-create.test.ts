// CreateGrant: validation, idempotent Name, key state, cross-account use, policy conditions, and grants made through grants.
import { describe, expect, it } from 'vitest';
import type { State } from '../../model/state.ts';
import {
  A, B, K1, K2, K3, arnOf, call, defaultKeyPolicy, fails, mayUse, ok, policy, withKey, withRole, withSession, withUser, world,
} from './grants-world.ts';

const ROOT = `arn:aws:iam::${A}:root`;
const user = (name: string, account: string = A): string => `arn:aws:iam::${account}:user/${name}`;

/** Account A with users alice, bob, carol, dan, erin and key K1 under the API default policy. */
function base(config: Partial<State['config']> = {}, keyPolicy?: string): State {
  let s = world(config);
  for (const n of ['alice', 'bob', 'carol', 'dan', 'erin']) s = withUser(s, A, n);
  return withKey(s, A, { id: K1, policy: keyPolicy });
}

const grant = (state: State, as: string, input: Record<string, unknown>) => ok(state, as, 'kms:CreateGrant', { KeyId: K1, ...input });

describe('CreateGrant output and storage', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html — "The CreateGrant operation returns a GrantToken
  // and a GrantId"; the grant records IssuingAccount (KMS-API GrantListEntry).
  it('returns a GrantId and a GrantToken and stores the grant on the key', () => {
    const { state, output } = grant(base(), ROOT, { GranteePrincipal: user('alice'), Operations: ['Decrypt'] });
    expect(output.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof output.GrantToken).toBe('string');
    const g = state.kms.keys[K1]!.grants[output.GrantId as string]!;
    expect(g).toMatchObject({ granteePrincipal: user('alice'), operations: ['Decrypt'], issuingAccount: ROOT, parentGrantId: undefined, keyArn: arnOf(state, K1) });
  });

  it('ids and tokens are deterministic: the same calls give the same ids', () => {
    const a = grant(base(), ROOT, { GranteePrincipal: user('alice'), Operations: ['Decrypt'] }).output;
    const b = grant(base(), ROOT, { GranteePrincipal: user('alice'), Operations: ['Decrypt'] }).output;
    expect(a).toEqual(b);
  });
});

describe('CreateGrant validation', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html — Operations required; GranteePrincipal pattern
  // ^[\w+=,.@:/-]+$; Name pattern ^[a-zA-Z0-9:/_-]+$; GrantTokens up to 10.
  const s = base();
  const valid = { KeyId: K1, GranteePrincipal: user('alice'), Operations: ['Decrypt'] };
  it.each([
    ['no operations', { ...valid, Operations: [] }],
    ['an operation that is not a grant operation', { ...valid, Operations: ['ScheduleKeyDeletion'] }],
    ['a grantee that breaks the pattern', { ...valid, GranteePrincipal: 'not a principal!' }],
    ['a Name that breaks the pattern', { ...valid, Name: 'has spaces' }],
    ['eleven grant tokens', { ...valid, GrantTokens: Array.from({ length: 11 }, (_, i) => `t${i}`) }],
    // create-grant-overview#grant-constraints-ec — "up to 8 encryption context pairs"; "cannot exceed 384 characters".
    ['nine constraint pairs', { ...valid, Constraints: { EncryptionContextSubset: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v'])) } }],
    ['a constraint value over 384 characters', { ...valid, Constraints: { EncryptionContextEquals: { k: 'x'.repeat(385) } } }],
    ['an unsupported constraint (SourceArn) rather than silently ignoring it', { ...valid, Constraints: { SourceArn: 'arn:aws:s3:::b' } }],
  ])('%s → ValidationException', (_name, input) => {
    fails(s, ROOT, 'kms:CreateGrant', input, 'ValidationException');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-grant-operations — "If you specify an unsupported
  // operation, the CreateGrant request fails with a ValidationError exception".
  it('operations the key type does not support → ValidationException', () => {
    let st = withKey(base(), A, { id: K2, keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' });
    fails(st, ROOT, 'kms:CreateGrant', { ...valid, Operations: ['Sign', 'Encrypt'] }, 'ValidationException');
    fails(st, ROOT, 'kms:CreateGrant', { ...valid, Operations: ['GenerateMac'] }, 'ValidationException');
    fails(st, ROOT, 'kms:CreateGrant', { ...valid, KeyId: K2, Operations: ['Sign', 'GetPublicKey'] }, 'ok');
    fails(st, ROOT, 'kms:CreateGrant', { ...valid, KeyId: K2, Operations: ['GenerateDataKey'] }, 'ValidationException');
    st = withKey(st, A, { id: K3, keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' });
    fails(st, ROOT, 'kms:CreateGrant', { ...valid, KeyId: K3, Operations: ['GenerateDataKeyPair'] }, 'ValidationException');
  });

  // create-grant-overview#grant-constraints-ec — "Encryption context constraints are valid only in a grant for a symmetric
  // encryption KMS key."
  it('an encryption context constraint on an asymmetric key → ValidationException', () => {
    const st = withKey(base(), A, { id: K2, keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' });
    fails(st, ROOT, 'kms:CreateGrant', { ...valid, KeyId: K2, Operations: ['Sign'], Constraints: { EncryptionContextSubset: { a: '1' } } }, 'ValidationException');
  });

  it('an unknown key → NotFoundException; an alias is not accepted', () => {
    fails(s, ROOT, 'kms:CreateGrant', { ...valid, KeyId: '00000000-0000-4000-8000-000000000000' }, 'NotFoundException');
    fails(s, ROOT, 'kms:CreateGrant', { ...valid, KeyId: 'alias/anything' }, 'NotFoundException');
  });
});

describe('CreateGrant Name: idempotent retries', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html#KMS-CreateGrant-request-Name — a retry with the
  // same parameters and Name returns the same GrantId; "A new grant token is returned each time; all grant tokens for the
  // same grant are interchangeable."
  const input = { GranteePrincipal: user('alice'), Operations: ['Decrypt', 'Encrypt'], Name: 'app-decrypt', Constraints: { EncryptionContextSubset: { a: '1' } } };

  it('same parameters and Name → the same grant, a fresh token, no second grant', () => {
    const first = grant(base({ grantPropagationSeconds: 600 }), ROOT, input);
    const retry = grant(first.state, ROOT, { ...input, Operations: ['Encrypt', 'Decrypt'] });
    expect(retry.output.GrantId).toBe(first.output.GrantId);
    expect(retry.output.GrantToken).not.toBe(first.output.GrantToken);
    expect(Object.keys(retry.state.kms.keys[K1]!.grants)).toHaveLength(1);
    // Both tokens make the not-yet-propagated grant usable.
    for (const t of [first.output.GrantToken, retry.output.GrantToken] as string[]) {
      expect(mayUse(retry.state, user('alice'), K1, 'Decrypt', { a: '1' }, [t])).toBe(true);
    }
    expect(mayUse(retry.state, user('alice'), K1, 'Decrypt', { a: '1' })).toBe(false);
  });

  it('a different parameter with the same Name, or no Name at all, creates a new grant', () => {
    const first = grant(base(), ROOT, input);
    const other = grant(first.state, ROOT, { ...input, GranteePrincipal: user('bob') });
    expect(other.output.GrantId).not.toBe(first.output.GrantId);
    const noName = { GranteePrincipal: user('alice'), Operations: ['Decrypt'] };
    const n1 = grant(other.state, ROOT, noName);
    const n2 = grant(n1.state, ROOT, noName);
    expect(n2.output.GrantId).not.toBe(n1.output.GrantId);
    expect(Object.keys(n2.state.kms.keys[K1]!.grants)).toHaveLength(4);
  });
});

describe('CreateGrant and the key state', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — CreateGrant: Disabled ✗ (DisabledException),
  // PendingDeletion ✗ (KMSInvalidStateException, spec §1.3 modelling), PendingImport ✗, Unavailable ✓, Updating ✓.
  it.each([
    ['Enabled', 'ok'],
    ['Disabled', 'DisabledException'],
    ['PendingDeletion', 'KMSInvalidStateException'],
    ['PendingImport', 'KMSInvalidStateException'],
    ['Unavailable', 'ok'],
    ['Creating', 'KMSInvalidStateException'],
    ['Updating', 'ok'],
  ] as const)('%s → %s', (keyState, expected) => {
    const s = withKey(world(), A, { id: K1, keyState });
    fails(s, ROOT, 'kms:CreateGrant', { KeyId: K1, GranteePrincipal: user('x'), Operations: ['Decrypt'] }, expected);
  });
});

describe('CreateGrant across accounts', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html — "Cross-account use: Yes. To perform this
  // operation on a KMS key in a different AWS account, specify the key ARN in the value of the KeyId parameter."
  const keyPolicy = policy(
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['kms:CreateGrant', 'kms:Decrypt'], Resource: '*' },
  );
  const iamCreateGrant = (keyArn: string) => policy({ Effect: 'Allow', Action: 'kms:CreateGrant', Resource: keyArn });

  it('needs the key ARN, the key policy and the caller\'s IAM policy', () => {
    let s = withKey(world(), A, { id: K1, policy: keyPolicy });
    const arn = arnOf(s, K1);
    s = withUser(s, B, 'ops', [iamCreateGrant(arn)]);
    s = withUser(s, B, 'nobody');
    const input = { GranteePrincipal: user('app', B), Operations: ['Decrypt'] };
    fails(s, user('ops', B), 'kms:CreateGrant', { ...input, KeyId: arn }, 'ok');
    fails(s, user('ops', B), 'kms:CreateGrant', { ...input, KeyId: K1 }, 'NotFoundException');
    fails(s, user('nobody', B), 'kms:CreateGrant', { ...input, KeyId: arn }, 'AccessDeniedException');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/grants.html — "The grantee principal can be in the same account as the
  // KMS key or a different account." A grant alone suffices for the grantee (§12.10, config.grantsSufficeCrossAccount).
  it('a grantee in another account may use the key through the grant alone', () => {
    let s = withKey(world(), A, { id: K1 });
    s = withUser(s, B, 'partner');
    expect(mayUse(s, user('partner', B), K1, 'Decrypt')).toBe(false);
    s = grant(s, ROOT, { GranteePrincipal: user('partner', B), Operations: ['Decrypt'] }).state;
    expect(mayUse(s, user('partner', B), K1, 'Decrypt')).toBe(true);
    expect(mayUse(s, user('partner', B), K1, 'Encrypt')).toBe(false);
    expect(mayUse({ ...s, config: { ...s.config, grantsSufficeCrossAccount: false } }, user('partner', B), K1, 'Decrypt')).toBe(false);
  });
});

describe('an explicit deny in the key policy beats a grant', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html — an explicit Deny in the key policy takes
  // precedence over grants; grants can only allow (https://docs.aws.amazon.com/kms/latest/developerguide/grants.html).
  it('the grantee is denied while the Deny stands', () => {
    const keyPolicy = policy(
      { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Deny', Principal: { AWS: user('alice') }, Action: 'kms:Decrypt', Resource: '*' },
    );
    const s = grant(base({}, keyPolicy), ROOT, { GranteePrincipal: user('alice'), Operations: ['Decrypt', 'Encrypt'] }).state;
    expect(mayUse(s, user('alice'), K1, 'Decrypt')).toBe(false);
    expect(mayUse(s, user('alice'), K1, 'Encrypt')).toBe(true);
  });
});

describe('policy conditions on CreateGrant', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html — kms:GrantOperations (multi-valued),
  // kms:GranteePrincipal, kms:RetiringPrincipal, kms:GrantConstraintType, kms:GrantIsForAWSResource, kms:EncryptionContext:*.
  const keyPolicyWith = (condition: object) =>
    policy(
      { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: user('alice') }, Action: 'kms:CreateGrant', Resource: '*', Condition: condition },
    );
  const try_ = (condition: object, input: Record<string, unknown>) =>
    call(base({}, keyPolicyWith(condition)), user('alice'), 'kms:CreateGrant', { KeyId: K1, GranteePrincipal: user('bob'), Operations: ['Decrypt'], ...input });
  const code = (r: ReturnType<typeof try_>) => (r.outcome.ok ? 'ok' : r.outcome.error.code);

  it('ForAllValues:StringEquals kms:GrantOperations limits the operations', () => {
    const c = { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] } };
    expect(code(try_(c, { Operations: ['Decrypt', 'Encrypt'] }))).toBe('ok');
    expect(code(try_(c, { Operations: ['Decrypt', 'CreateGrant'] }))).toBe('AccessDeniedException');
  });

  it('kms:GranteePrincipal and kms:RetiringPrincipal name the request\'s principals', () => {
    expect(code(try_({ StringEquals: { 'kms:GranteePrincipal': user('bob') } }, {}))).toBe('ok');
    expect(code(try_({ StringEquals: { 'kms:GranteePrincipal': user('carol') } }, {}))).toBe('AccessDeniedException');
    expect(code(try_({ StringEquals: { 'kms:RetiringPrincipal': user('carol') } }, { RetiringPrincipal: user('carol') }))).toBe('ok');
    expect(code(try_({ StringEquals: { 'kms:RetiringPrincipal': user('carol') } }, {}))).toBe('AccessDeniedException');
  });

  it('kms:GrantConstraintType and kms:EncryptionContext:<k> read the requested constraint', () => {
    const sub = { Constraints: { EncryptionContextSubset: { Department: 'IT' } } };
    expect(code(try_({ StringEquals: { 'kms:GrantConstraintType': 'EncryptionContextSubset' } }, sub))).toBe('ok');
    expect(code(try_({ StringEquals: { 'kms:GrantConstraintType': 'EncryptionContextEquals' } }, sub))).toBe('AccessDeniedException');
    expect(code(try_({ StringEquals: { 'kms:GrantConstraintType': 'EncryptionContextSubset' } }, {}))).toBe('AccessDeniedException');
    expect(code(try_({ StringEquals: { 'kms:EncryptionContext:Department': 'IT' } }, sub))).toBe('ok');
    expect(code(try_({ StringEquals: { 'kms:EncryptionContext:Department': 'HR' } }, sub))).toBe('AccessDeniedException');
  });

  // conditions-kms#conditions-kms-grant-is-for-aws-resource — "true only when an AWS service integrated with AWS KMS calls
  // ... on the user's behalf": a direct call never satisfies it.
  it('kms:GrantIsForAWSResource is false on a direct call', () => {
    expect(code(try_({ Bool: { 'kms:GrantIsForAWSResource': 'true' } }, {}))).toBe('AccessDeniedException');
    expect(code(try_({ Bool: { 'kms:GrantIsForAWSResource': 'false' } }, {}))).toBe('ok');
  });
});

describe('grants made through grants (parent/child)', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-creategrant — a grantee who gets
  // CreateGrant from a grant "can only create grants that allow some or all of the operations in the parent grant", with
  // constraints "at least as strict"; case 07.
  function carolsParent(config: Partial<State['config']> = {}, keyPolicy?: string) {
    const r = grant(base(config, keyPolicy), ROOT, {
      GranteePrincipal: user('carol'), Operations: ['GenerateDataKey', 'Decrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { Department: 'IT' } },
    });
    return { state: r.state, parentId: r.output.GrantId as string, token: r.output.GrantToken as string };
  }
  const childInput = (grantee: string, operations: string[], constraints?: object) => ({
    KeyId: K1, GranteePrincipal: user(grantee), Operations: operations, ...(constraints ? { Constraints: constraints } : {}),
  });

  it('case 07 (a)–(f): narrower children succeed and record their parent; wider ones are AccessDeniedException', () => {
    let { state, parentId } = carolsParent();
    const a = ok(state, user('carol'), 'kms:CreateGrant', childInput('dan', ['Decrypt', 'CreateGrant'], { EncryptionContextEquals: { Department: 'IT' } }));
    state = a.state;
    expect(state.kms.keys[K1]!.grants[a.output.GrantId as string]!.parentGrantId).toBe(parentId);
    fails(state, user('carol'), 'kms:CreateGrant', childInput('dan', ['Encrypt'], { EncryptionContextSubset: { Department: 'IT' } }), 'AccessDeniedException');
    fails(state, user('carol'), 'kms:CreateGrant', childInput('dan', ['Decrypt']), 'AccessDeniedException');
    state = ok(state, user('carol'), 'kms:CreateGrant', childInput('erin', ['Decrypt'], { EncryptionContextSubset: { Department: 'IT', Project: 'X' } })).state;
    fails(state, user('dan'), 'kms:CreateGrant', childInput('erin', ['Decrypt'], { EncryptionContextSubset: { Department: 'IT' } }), 'AccessDeniedException');
    const f = ok(state, user('dan'), 'kms:CreateGrant', childInput('erin', ['Decrypt'], { EncryptionContextEquals: { Department: 'IT' } }));
    expect(f.state.kms.keys[K1]!.grants[f.output.GrantId as string]!.parentGrantId).toBe(a.output.GrantId);
    expect(mayUse(f.state, user('erin'), K1, 'Decrypt', { Department: 'IT' })).toBe(true);
    expect(mayUse(f.state, user('dan'), K1, 'Decrypt', { Department: 'IT', Project: 'X' })).toBe(false);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/grants.html — grant-derived creators "can only delegate the
  // permissions that they were granted, even if they have other permissions from a policy".
  it('policy permissions other than kms:CreateGrant never widen what a parent grant may hand on', () => {
    const keyPolicy = policy(
      { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: user('carol') }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' },
    );
    const { state } = carolsParent({}, keyPolicy);
    fails(state, user('carol'), 'kms:CreateGrant', childInput('dan', ['Encrypt'], { EncryptionContextSubset: { Department: 'IT' } }), 'AccessDeniedException');
    fails(state, user('carol'), 'kms:CreateGrant', childInput('dan', ['Decrypt']), 'AccessDeniedException');
  });

  // create-grant-overview#grant-creategrant — "These limitations don't apply to principals who get CreateGrant permission
  // from a policy". keyward: when a policy allows the CreateGrant, the policy is the authority (config.grantLimitsApplyDespitePolicy).
  it('when a policy allows kms:CreateGrant, the parent grant\'s limits do not apply (configurable)', () => {
    const keyPolicy = policy(
      { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: user('carol') }, Action: 'kms:CreateGrant', Resource: '*' },
    );
    const wide = childInput('dan', ['Encrypt']);
    const byPolicy = ok(carolsParent({}, keyPolicy).state, user('carol'), 'kms:CreateGrant', wide);
    expect(byPolicy.state.kms.keys[K1]!.grants[byPolicy.output.GrantId as string]!.parentGrantId).toBeUndefined();
    const strict = carolsParent({ grantLimitsApplyDespitePolicy: true }, keyPolicy).state;
    fails(strict, user('carol'), 'kms:CreateGrant', wide, 'AccessDeniedException');
    fails(strict, user('carol'), 'kms:CreateGrant', childInput('dan', ['Decrypt'], { EncryptionContextEquals: { Department: 'IT' } }), 'ok');
  });

  // Seed / case 09: a policy-derived kms:CreateGrant "can create grants for any grant operation on the KMS key. These
  // principals are not required to have the permission that they are granting" (grants.html).
  it('a policy-derived creator may grant operations it cannot perform itself', () => {
    const keyPolicy = policy(
      { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: user('alice') }, Action: 'kms:CreateGrant', Resource: '*' },
    );
    const s = base({}, keyPolicy);
    expect(mayUse(s, user('alice'), K1, 'Decrypt')).toBe(false);
    const r = ok(s, user('alice'), 'kms:CreateGrant', childInput('alice', ['Decrypt']));
    expect(mayUse(r.state, user('alice'), K1, 'Decrypt', undefined, [r.output.GrantToken as string])).toBe(true);
  });

  // using-grant-token.html — a token makes the grant usable at once, also as the authority for CreateGrant.
  it('a parent grant that has not propagated authorizes a child only with its token', () => {
    const { state, token } = carolsParent({ grantPropagationSeconds: 300 });
    const input = childInput('dan', ['Decrypt'], { EncryptionContextSubset: { Department: 'IT' } });
    fails(state, user('carol'), 'kms:CreateGrant', input, 'AccessDeniedException');
    fails(state, user('carol'), 'kms:CreateGrant', { ...input, GrantTokens: [token] }, 'ok');
  });

  it('an explicit deny of kms:CreateGrant in the key policy stops the grant path too', () => {
    const keyPolicy = policy(
      { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Deny', Principal: { AWS: user('carol') }, Action: 'kms:CreateGrant', Resource: '*' },
    );
    const { state } = carolsParent({}, keyPolicy);
    fails(state, user('carol'), 'kms:CreateGrant', childInput('dan', ['Decrypt'], { EncryptionContextSubset: { Department: 'IT' } }), 'AccessDeniedException');
  });

  it('a role session uses a grant made to its role as a parent', () => {
    let s = withRole(base(), A, 'delegator');
    s = withSession(s, A, 'delegator', 's1');
    s = grant(s, ROOT, { GranteePrincipal: `arn:aws:iam::${A}:role/delegator`, Operations: ['Decrypt', 'CreateGrant'] }).state;
    fails(s, `arn:aws:sts::${A}:assumed-role/delegator/s1`, 'kms:CreateGrant', childInput('dan', ['Decrypt']), 'ok');
  });
});

describe('CreateGrant DryRun', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html — DryRun: "Checks if your request will succeed";
  // a request that would succeed fails with DryRunOperationException and changes nothing.
  it('reports DryRunOperationException when it would succeed, the real error otherwise', () => {
    const s = base();
    const input = { KeyId: K1, GranteePrincipal: user('alice'), Operations: ['Decrypt'], DryRun: true };
    const r = call(s, ROOT, 'kms:CreateGrant', input);
    expect(r.outcome.ok ? 'ok' : r.outcome.error.code).toBe('DryRunOperationException');
    expect(r.state.kms.keys[K1]!.grants).toEqual({});
    fails(s, user('alice'), 'kms:CreateGrant', input, 'AccessDeniedException');
  });
});

describe('defaultKeyPolicy sanity', () => {
  it('the account root may create grants through the account-principal statement', () => {
    expect(defaultKeyPolicy(A)).toContain('kms:*');
    fails(base(), ROOT, 'kms:CreateGrant', { KeyId: K1, GranteePrincipal: user('alice'), Operations: ['Decrypt'] }, 'ok');
  });
});
