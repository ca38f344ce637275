// The grant steps of cases 03 (seed grants) and 07 (grant chains), scripted through step and advance.
import { describe, expect, it } from 'vitest';
import { advance, durationMs, initialState, step } from '../../model/index.ts';
import type { AccountId, State } from '../../model/index.ts';

const ACCT = '111122223333' as AccountId;
const ROOT = `arn:aws:iam::${ACCT}:root`;
const user = (n: string): string => `arn:aws:iam::${ACCT}:user/${n}`;
const TEN_MINUTES = durationMs({ minutes: 10 });

/** A small driver over one evolving state: every call must give `expected` ('ok' or an AWS error code). */
function story(initial: State) {
  let state = initial;
  const call = (as: string, op: string, input: unknown, expected = 'ok'): Record<string, unknown> => {
    const r = step(state, { as, op, input });
    const got = r.outcome.ok ? 'ok' : r.outcome.error.code;
    expect(got, `${op} as ${as}: ${r.outcome.ok ? '' : r.outcome.error.message}`).toBe(expected);
    state = r.state;
    return r.outcome.ok ? (r.outcome.output as Record<string, unknown>) : {};
  };
  return {
    call,
    wait: (ms: number): void => {
      state = advance(state, ms);
    },
    encrypt: (keyArn: string, text: string, ec?: Record<string, string>): string =>
      call(ROOT, 'kms:Encrypt', { KeyId: keyArn, Plaintext: text, ...(ec ? { EncryptionContext: ec } : {}) }).CiphertextBlob as string,
    /** `expected` is an error code, or `plain:TEXT` for a success that must return TEXT. */
    decrypt: (as: string, ct: string, ec: Record<string, string> | undefined, expected: string, extra: object = {}): void => {
      const plain = expected.startsWith('plain:') ? expected.slice('plain:'.length) : undefined;
      const out = call(as, 'kms:Decrypt', { CiphertextBlob: ct, ...(ec ? { EncryptionContext: ec } : {}), ...extra }, plain === undefined ? expected : 'ok');
      if (plain !== undefined) expect(out.Plaintext).toBe(plain);
    },
  };
}

/** Propagation as AWS has it (case notes: "usually under five minutes"), so tokens and waiting both matter. */
const world = (): State => initialState({ accounts: [ACCT], config: { grantPropagationSeconds: 300 } });

describe('case 03: a constrained grant, used, refused, and retired by its retiring principal', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html (EncryptionContextSubset),
  // https://docs.aws.amazon.com/kms/latest/developerguide/using-grant-token.html, and grant-delete.html (retiring principal).
  it('follows the case step by step', () => {
    const s = story(world());
    s.call(ROOT, 'iam:CreateUser', { UserName: 'exampleUser' });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'sts:AssumeRole' }] });
    s.call(ROOT, 'iam:CreateRole', { RoleName: 'adminRole', AssumeRolePolicyDocument: trust });
    s.call(ROOT, 'iam:CreateUser', { UserName: 'operator' });
    const assume = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCT}:role/adminRole` }] });
    s.call(ROOT, 'iam:PutUserPolicy', { UserName: 'operator', PolicyName: 'AssumeAdminRole', PolicyDocument: assume });
    const keyArn = (s.call(ROOT, 'kms:CreateKey', { Description: 'key for the grant example' }).KeyMetadata as { Arn: string }).Arn;
    const ctIT = s.encrypt(keyArn, 'IT payroll', { Department: 'IT' });
    const ctITProject = s.encrypt(keyArn, 'IT project budget', { Department: 'IT', Project: 'Apollo' });
    const ctHR = s.encrypt(keyArn, 'HR payroll', { Department: 'HR' });
    const ctNone = s.encrypt(keyArn, 'no context at all');
    const ex = user('exampleUser');
    s.decrypt(ex, ctIT, { Department: 'IT' }, 'AccessDeniedException');

    const g = s.call(ROOT, 'kms:CreateGrant', {
      KeyId: keyArn, GranteePrincipal: ex, Operations: ['Decrypt'], RetiringPrincipal: `arn:aws:iam::${ACCT}:role/adminRole`,
      Constraints: { EncryptionContextSubset: { Department: 'IT' } },
    });
    // Not yet propagated: only the token makes it usable.
    s.decrypt(ex, ctIT, { Department: 'IT' }, 'AccessDeniedException');
    s.decrypt(ex, ctIT, { Department: 'IT' }, 'plain:IT payroll', { GrantTokens: [g.GrantToken] });
    s.wait(TEN_MINUTES);
    s.decrypt(ex, ctIT, { Department: 'IT' }, 'plain:IT payroll');
    s.decrypt(ex, ctITProject, { Department: 'IT', Project: 'Apollo' }, 'plain:IT project budget');
    s.decrypt(ex, ctNone, undefined, 'AccessDeniedException');
    s.decrypt(ex, ctHR, { Department: 'HR' }, 'AccessDeniedException');
    s.call(ex, 'kms:Encrypt', { KeyId: keyArn, Plaintext: 'x', EncryptionContext: { Department: 'IT' } }, 'AccessDeniedException');

    const listed = s.call(ROOT, 'kms:ListGrants', { KeyId: keyArn });
    expect(listed.Grants).toMatchObject([
      {
        GrantId: g.GrantId, GranteePrincipal: ex, RetiringPrincipal: `arn:aws:iam::${ACCT}:role/adminRole`, IssuingAccount: ROOT,
        Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { Department: 'IT' } },
      },
    ]);
    s.call(ex, 'kms:RetireGrant', { KeyId: keyArn, GrantId: g.GrantId }, 'AccessDeniedException');
    s.call(user('operator'), 'sts:AssumeRole', { RoleArn: `arn:aws:iam::${ACCT}:role/adminRole`, RoleSessionName: 'grant-cleanup' });
    s.call(`arn:aws:sts::${ACCT}:assumed-role/adminRole/grant-cleanup`, 'kms:RetireGrant', { KeyId: keyArn, GrantId: g.GrantId });
    s.wait(TEN_MINUTES);
    s.decrypt(ex, ctIT, { Department: 'IT' }, 'AccessDeniedException');
    expect(s.call(ROOT, 'kms:ListGrants', { KeyId: keyArn }).Grants).toEqual([]);
  });
});

describe('case 07: Equals vs Subset, and the parent/child rule', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-constraints and #grant-creategrant.
  it('follows the case step by step', () => {
    const s = story(world());
    for (const n of ['alice', 'bob', 'carol', 'dan', 'erin']) s.call(ROOT, 'iam:CreateUser', { UserName: n });
    const keyArn = (desc: string) => (s.call(ROOT, 'kms:CreateKey', { Description: desc }).KeyMetadata as { Arn: string }).Arn;

    // Part 1.
    const k1 = keyArn('k1: constraint semantics');
    const ctIT = s.encrypt(k1, 'it', { Department: 'IT' });
    const ctITTest = s.encrypt(k1, 'it-test', { Department: 'IT', Purpose: 'Test' });
    const ctTest = s.encrypt(k1, 'test', { Purpose: 'Test' });
    s.call(ROOT, 'kms:CreateGrant', { KeyId: k1, GranteePrincipal: user('alice'), Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { Department: 'IT' } } });
    s.call(ROOT, 'kms:CreateGrant', { KeyId: k1, GranteePrincipal: user('bob'), Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { Department: 'IT' } } });
    s.wait(TEN_MINUTES);
    s.decrypt(user('alice'), ctIT, { Department: 'IT' }, 'plain:it');
    s.decrypt(user('alice'), ctITTest, { Department: 'IT', Purpose: 'Test' }, 'AccessDeniedException');
    s.decrypt(user('bob'), ctIT, { Department: 'IT' }, 'plain:it');
    s.decrypt(user('bob'), ctITTest, { Department: 'IT', Purpose: 'Test' }, 'plain:it-test');
    s.decrypt(user('bob'), ctTest, { Purpose: 'Test' }, 'AccessDeniedException');

    // Part 2.
    const k2 = keyArn('k2: grant chains');
    const ct2IT = s.encrypt(k2, 'it', { Department: 'IT' });
    const ct2ITX = s.encrypt(k2, 'it-x', { Department: 'IT', Project: 'X' });
    s.call(ROOT, 'kms:CreateGrant', {
      KeyId: k2, GranteePrincipal: user('carol'), Operations: ['GenerateDataKey', 'Decrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { Department: 'IT' } },
    });
    s.wait(TEN_MINUTES);
    const child = (as: string, grantee: string, ops: string[], constraints: object | undefined, expected = 'ok') =>
      s.call(user(as), 'kms:CreateGrant', { KeyId: k2, GranteePrincipal: user(grantee), Operations: ops, ...(constraints ? { Constraints: constraints } : {}) }, expected);
    child('carol', 'dan', ['Decrypt', 'CreateGrant'], { EncryptionContextEquals: { Department: 'IT' } });
    child('carol', 'dan', ['Encrypt'], { EncryptionContextSubset: { Department: 'IT' } }, 'AccessDeniedException');
    child('carol', 'dan', ['Decrypt'], undefined, 'AccessDeniedException');
    child('carol', 'erin', ['Decrypt'], { EncryptionContextSubset: { Department: 'IT', Project: 'X' } });
    s.wait(TEN_MINUTES);
    s.decrypt(user('dan'), ct2IT, { Department: 'IT' }, 'plain:it');
    s.decrypt(user('dan'), ct2ITX, { Department: 'IT', Project: 'X' }, 'AccessDeniedException');
    s.decrypt(user('erin'), ct2ITX, { Department: 'IT', Project: 'X' }, 'plain:it-x');
    s.decrypt(user('erin'), ct2IT, { Department: 'IT' }, 'AccessDeniedException');
    child('dan', 'erin', ['Decrypt'], { EncryptionContextSubset: { Department: 'IT' } }, 'AccessDeniedException');
    child('dan', 'erin', ['Decrypt'], { EncryptionContextEquals: { Department: 'IT' } });
    s.wait(TEN_MINUTES);
    s.decrypt(user('erin'), ct2IT, { Department: 'IT' }, 'plain:it');
  });
});
