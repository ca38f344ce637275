// Grant constraint semantics, grantee matching, visibility vs tokens, and the parent/child strictness table.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../model/config.ts';
import type { Grant, GrantConstraints, GrantOperation, State } from '../../model/state.ts';
import {
  atLeastAsStrict, childWithinParent, constraintsAccept, grantableOperations, grantAllows,
} from '../../model/kms/grants.ts';
import { A, B, K1, callerOf, ok, withKey, withRole, withSession, withUser, world } from './grants-world.ts';

const cfg = defaultConfig;
const eq = (m: Record<string, string>): GrantConstraints => ({ encryptionContextEquals: m, encryptionContextSubset: undefined });
const sub = (m: Record<string, string>): GrantConstraints => ({ encryptionContextEquals: undefined, encryptionContextSubset: m });
const both = (e: Record<string, string>, s: Record<string, string>): GrantConstraints => ({ encryptionContextEquals: e, encryptionContextSubset: s });

const ALICE = `arn:aws:iam::${A}:user/alice`;
const ROOT = `arn:aws:iam::${A}:root`;

/** A world with alice, bob, a role with one session, and key K1 (API default policy), plus one grant created by root. */
function withGrant(input: Record<string, unknown>, config: Partial<State['config']> = {}): { state: State; grantId: string; token: string } {
  let s = world(config);
  s = withUser(s, A, 'alice');
  s = withUser(s, A, 'bob');
  s = withUser(s, B, 'partner');
  s = withRole(s, A, 'reader');
  s = withSession(s, A, 'reader', 'nightly');
  s = withKey(s, A, { id: K1 });
  const r = ok(s, ROOT, 'kms:CreateGrant', { KeyId: K1, Operations: ['Decrypt'], ...input });
  return { state: r.state, grantId: r.output.GrantId as string, token: r.output.GrantToken as string };
}

const allows = (state: State, as: string, operation: GrantOperation, ec?: Record<string, string>, tokens: string[] = []): boolean =>
  grantAllows({ state, key: state.kms.keys[K1]!, caller: callerOf(state, as), operation, encryptionContext: ec, grantTokens: tokens });

describe('grant constraints', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-constraints — EncryptionContextEquals:
  // "the encryption context pairs in the request are an exact ... match"; EncryptionContextSubset: "the request can also have
  // additional encryption context pairs".
  const cases: ReadonlyArray<[string, GrantConstraints | undefined, Record<string, string> | undefined, boolean]> = [
    ['no constraint, no context', undefined, undefined, true],
    ['no constraint, any context', undefined, { a: '1' }, true],
    ['Equals, same pairs', eq({ Department: 'IT' }), { Department: 'IT' }, true],
    ['Equals, same pairs in another order', eq({ a: '1', b: '2' }), { b: '2', a: '1' }, true],
    ['Equals, extra pair', eq({ Department: 'IT' }), { Department: 'IT', Purpose: 'Test' }, false],
    ['Equals, missing pair', eq({ a: '1', b: '2' }), { a: '1' }, false],
    ['Equals, no context', eq({ Department: 'IT' }), undefined, false],
    ['Equals, value in another case', eq({ Department: 'IT' }), { Department: 'it' }, false],
    ['Subset, exact', sub({ Department: 'IT' }), { Department: 'IT' }, true],
    ['Subset, extra pairs', sub({ Department: 'IT' }), { Department: 'IT', Project: 'Apollo' }, true],
    ['Subset, no context', sub({ Department: 'IT' }), undefined, false],
    ['Subset, other value', sub({ Department: 'IT' }), { Department: 'HR' }, false],
    ['Subset, value in another case', sub({ Department: 'IT' }), { Department: 'it' }, false],
    // https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html — "the key ... is not case sensitive".
    ['Subset, key in another case', sub({ Department: 'IT' }), { department: 'IT' }, true],
    ['Equals, key in another case', eq({ Department: 'IT' }), { DEPARTMENT: 'IT' }, true],
    // §12.7 (config.grantBothConstraints 'and'): both constraints must hold.
    ['both, satisfying both', both({ a: '1', b: '2' }, { a: '1' }), { a: '1', b: '2' }, true],
    ['both, Subset holds but not Equals', both({ a: '1' }, { a: '1' }), { a: '1', b: '2' }, false],
    ['both, Equals holds but not Subset', both({ a: '1' }, { b: '2' }), { a: '1' }, false],
  ];
  it.each(cases)('%s', (_name, c, ec, expected) => {
    expect(constraintsAccept(cfg, c, ec)).toBe(expected);
  });

  it('keys compare exactly when config.grantConstraintKeysCaseInsensitive is false (2023 guide reading, §12.17)', () => {
    const strict = { ...cfg, grantConstraintKeysCaseInsensitive: false };
    expect(constraintsAccept(strict, sub({ Department: 'IT' }), { department: 'IT' })).toBe(false);
    expect(constraintsAccept(strict, sub({ Department: 'IT' }), { Department: 'IT' })).toBe(true);
  });
});

describe('grantAllows', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/grants.html — the grant allows "the grantee principal to call the
  // specified grant operations on the KMS key provided that all conditions specified in the grant are met".
  it('allows the grantee the listed operation when the constraint holds, and nothing else', () => {
    const { state } = withGrant({ GranteePrincipal: ALICE, Constraints: { EncryptionContextSubset: { Department: 'IT' } } });
    expect(allows(state, ALICE, 'Decrypt', { Department: 'IT' })).toBe(true);
    expect(allows(state, ALICE, 'Decrypt', { Department: 'HR' })).toBe(false);
    expect(allows(state, ALICE, 'Encrypt', { Department: 'IT' })).toBe(false);
    expect(allows(state, `arn:aws:iam::${A}:user/bob`, 'Decrypt', { Department: 'IT' })).toBe(false);
  });

  // create-grant-overview#grant-constraints — "The encryption context constraint is ignored for DescribeKey and RetireGrant".
  it('ignores constraints for operations that take no encryption context (DescribeKey)', () => {
    const { state } = withGrant({ GranteePrincipal: ALICE, Operations: ['Decrypt', 'DescribeKey'], Constraints: { EncryptionContextEquals: { a: '1' } } });
    expect(allows(state, ALICE, 'DescribeKey', undefined)).toBe(true);
    expect(allows(state, ALICE, 'Decrypt', undefined)).toBe(false);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-grantee-principal — "the grantee principal can
  // represent multiple identities": a role grantee covers the role's sessions.
  it('a grant to a role covers its sessions; a grant to a session names that session only', () => {
    const roleGrant = withGrant({ GranteePrincipal: `arn:aws:iam::${A}:role/reader` }).state;
    expect(allows(roleGrant, `arn:aws:sts::${A}:assumed-role/reader/nightly`, 'Decrypt')).toBe(true);
    const sessionGrant = withGrant({ GranteePrincipal: `arn:aws:sts::${A}:assumed-role/reader/other` }).state;
    expect(allows(sessionGrant, `arn:aws:sts::${A}:assumed-role/reader/nightly`, 'Decrypt')).toBe(false);
  });

  // config.grantAccountGranteeScope 'rootUserOnly' (INFERRED): an account grantee is used by its root user.
  it('a grant to an account root is used by the root user, not by the account\'s IAM users', () => {
    const { state } = withGrant({ GranteePrincipal: `arn:aws:iam::${B}:root` });
    expect(allows(state, `arn:aws:iam::${B}:root`, 'Decrypt')).toBe(true);
    expect(allows(state, `arn:aws:iam::${B}:user/partner`, 'Decrypt')).toBe(false);
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-eventual-consistency and using-grant-token.html —
  // a new grant may not work until it propagates; its grant token makes it usable at once.
  it('a grant that has not propagated works only with its token', () => {
    const { state, token } = withGrant({ GranteePrincipal: ALICE }, { grantPropagationSeconds: 300 });
    expect(allows(state, ALICE, 'Decrypt')).toBe(false);
    expect(allows(state, ALICE, 'Decrypt', undefined, ['someone-elses-token'])).toBe(false);
    expect(allows(state, ALICE, 'Decrypt', undefined, [token])).toBe(true);
    const later = { ...state, now: state.now + 300_000 };
    expect(allows(later, ALICE, 'Decrypt')).toBe(true);
  });
});

describe('parent/child strictness', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-creategrant — "the child grant can
  // add pairs to an EncryptionContextSubset constraint in the parent grant, but it cannot remove them. The child grant can
  // change an EncryptionContextSubset constraint to an EncryptionContextEquals constraint, but not the reverse."
  // Formal rule (spec §4.4): the contexts the child accepts ⊆ the contexts the parent accepts.
  const IT = { Department: 'IT' };
  const ITX = { Department: 'IT', Project: 'X' };
  const table: ReadonlyArray<[string, GrantConstraints | undefined, GrantConstraints | undefined, boolean]> = [
    ['none → none', undefined, undefined, true],
    ['none → Subset', undefined, sub(IT), true],
    ['none → Equals', undefined, eq(IT), true],
    ['Subset → none (dropping the constraint)', sub(IT), undefined, false],
    ['Subset(p) → Subset(p)', sub(IT), sub(IT), true],
    ['Subset(p) → Subset(p + pair) (adding pairs)', sub(IT), sub(ITX), true],
    ['Subset(p + pair) → Subset(p) (removing pairs)', sub(ITX), sub(IT), false],
    ['Subset(p) → Subset(other)', sub(IT), sub({ Department: 'HR' }), false],
    ['Subset(p) → Equals(p)', sub(IT), eq(IT), true],
    ['Subset(p) → Equals(p + pair)', sub(IT), eq(ITX), true],
    ['Subset(p + pair) → Equals(p)', sub(ITX), eq(IT), false],
    ['Equals(p) → Equals(p)', eq(IT), eq(IT), true],
    ['Equals(p) → Equals(p + pair)', eq(IT), eq(ITX), false],
    ['Equals(p + pair) → Equals(p)', eq(ITX), eq(IT), false],
    ['Equals(p) → Subset(p) (never)', eq(IT), sub(IT), false],
    ['Equals(p) → Subset(p + pair) (never)', eq(IT), sub(ITX), false],
    ['Equals → none', eq(IT), undefined, false],
    ['Subset(p) → Equals(p) with the key in another case', sub(IT), eq({ department: 'IT' }), true],
  ];
  it.each(table)('%s', (_name, parent, child, expected) => {
    expect(atLeastAsStrict(cfg, parent, child)).toBe(expected);
  });

  it('the child\'s operations must be among the parent\'s, and the parent must carry CreateGrant', () => {
    const parent = (operations: GrantOperation[]): Grant => ({
      grantId: 'p', grantToken: 't', keyArn: 'arn' as Grant['keyArn'], name: undefined, granteePrincipal: ALICE, retiringPrincipal: undefined,
      issuingAccount: ROOT as Grant['issuingAccount'], operations, constraints: undefined, createdAt: 0, visibleAt: 0, parentGrantId: undefined,
    });
    expect(childWithinParent(cfg, parent(['Decrypt', 'CreateGrant']), { operations: ['Decrypt'], constraints: undefined })).toBe(true);
    expect(childWithinParent(cfg, parent(['Decrypt', 'CreateGrant']), { operations: ['Decrypt', 'CreateGrant'], constraints: undefined })).toBe(true);
    expect(childWithinParent(cfg, parent(['Decrypt', 'CreateGrant']), { operations: ['Encrypt'], constraints: undefined })).toBe(false);
    expect(childWithinParent(cfg, parent(['Decrypt']), { operations: ['Decrypt'], constraints: undefined })).toBe(false);
  });
});

describe('operations a key type supports in a grant', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-grant-operations — "grants for symmetric encryption
  // KMS keys cannot allow the Sign, Verify, GenerateMac or VerifyMac operations. Grants for asymmetric KMS keys cannot allow
  // any operations that generate data keys or data key pairs."
  it('symmetric keys: no Sign/Verify/GenerateMac/VerifyMac; asymmetric keys: no data-key generation', () => {
    const sym = grantableOperations('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    for (const op of ['Sign', 'Verify', 'GenerateMac', 'VerifyMac'] as const) expect(sym).not.toContain(op);
    expect(sym).toContain('GenerateDataKeyPair');
    const rsa = grantableOperations('RSA_2048', 'ENCRYPT_DECRYPT');
    for (const op of ['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext'] as const) {
      expect(rsa).not.toContain(op);
    }
    expect(grantableOperations('ECC_NIST_P256', 'SIGN_VERIFY')).toEqual(expect.arrayContaining(['Sign', 'Verify', 'GetPublicKey', 'DescribeKey']));
    expect(grantableOperations('HMAC_256', 'GENERATE_VERIFY_MAC')).toEqual(expect.arrayContaining(['GenerateMac', 'VerifyMac', 'CreateGrant']));
  });
});
