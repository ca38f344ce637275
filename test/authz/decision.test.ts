// The one decision rule, exhaustively over its boolean inputs: documented laws of IAM and KMS authorization.
import { describe, expect, it } from 'vitest';
import type { DecisionInputs, DecisionRule } from '../../model/index.ts';
import { boolLogic, decide } from '../../model/index.ts';

const FLAGS = [
  'anonymous', 'sameAccount', 'rpExact', 'rpIndirect', 'rpAccount', 'rpDeny', 'idAllow', 'idDeny',
  'bAllow', 'bDeny', 'sAllow', 'sDeny', 'scpAllow', 'scpDeny', 'grant',
] as const;
type Flag = (typeof FLAGS)[number];
type Bits = Record<Flag, boolean>;

const ALLOW_FLAGS: readonly Flag[] = ['rpExact', 'rpIndirect', 'rpAccount', 'idAllow', 'bAllow', 'sAllow', 'scpAllow', 'grant'];
const DENY_FLAGS: readonly Flag[] = ['rpDeny', 'idDeny', 'bDeny', 'sDeny', 'scpDeny'];

const inputs = (b: Bits): DecisionInputs<boolean> => ({
  anonymous: b.anonymous,
  sameAccount: b.sameAccount,
  resourcePolicy: { exact: b.rpExact, indirect: b.rpIndirect, account: b.rpAccount, deny: b.rpDeny },
  identity: { allow: b.idAllow, deny: b.idDeny },
  boundary: { allow: b.bAllow, deny: b.bDeny },
  session: { allow: b.sAllow, deny: b.sDeny },
  scp: { allow: b.scpAllow, deny: b.scpDeny },
  grant: b.grant,
});

function* everyInput(): Generator<Bits> {
  for (let n = 0; n < 1 << FLAGS.length; n++) {
    yield Object.fromEntries(FLAGS.map((f, i) => [f, ((n >> i) & 1) === 1])) as Bits;
  }
}

const kms: DecisionRule = { servesAnonymous: false, resourcePolicyRequired: true, crossAccountAction: true, indirectBoundedByBoundary: true, grantsCrossAccount: true, scpLimitsGrants: true };
const kmsLocalOnly: DecisionRule = { ...kms, crossAccountAction: false };
const s3: DecisionRule = { servesAnonymous: true, resourcePolicyRequired: false, crossAccountAction: true, indirectBoundedByBoundary: true, grantsCrossAccount: false, scpLimitsGrants: false };
const allowed = (rule: DecisionRule, b: Bits): boolean => decide(boolLogic, inputs(b), rule);
const rules = { kms, kmsLocalOnly, s3 };

describe('laws of the decision rule, over all 2^15 inputs', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — "an explicit deny in any
  // of these policies overrides the allow"; KMS-DG conditions-kms: the Deny "takes precedence over all grants".
  it('explicit deny always wins', () => {
    for (const rule of Object.values(rules)) {
      for (const b of everyInput()) if (DENY_FLAGS.some((f) => b[f])) expect(allowed(rule, b)).toBe(false);
    }
  });

  it('adding an allow never removes access, adding a deny never adds it (monotonicity)', () => {
    for (const rule of Object.values(rules)) {
      for (const b of everyInput()) {
        const before = allowed(rule, b);
        for (const f of ALLOW_FLAGS) if (!b[f] && before) expect(allowed(rule, { ...b, [f]: true })).toBe(true);
        for (const f of DENY_FLAGS) if (!b[f] && !before) expect(allowed(rule, { ...b, [f]: true })).toBe(false);
      }
    }
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html — no principal has access to a key unless a
  // key policy, (delegated) IAM policy or grant allows it.
  it('KMS: no access without a key-policy allow or a grant, however much IAM allows', () => {
    for (const b of everyInput()) {
      if (!b.rpExact && !b.rpIndirect && !b.rpAccount && !b.grant) expect(allowed(kms, b)).toBe(false);
    }
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html — "Neither alone is sufficient".
  it('KMS cross-account: the key policy alone is never enough without an IAM allow (grants aside)', () => {
    for (const b of everyInput()) {
      if (!b.sameAccount && !b.idAllow && !b.grant) expect(allowed(kms, b)).toBe(false);
    }
  });

  it('KMS: an anonymous request is never allowed', () => {
    for (const b of everyInput()) if (b.anonymous) expect(allowed(kms, b)).toBe(false);
  });

  it('KMS: an action that does not work across accounts never succeeds across accounts', () => {
    for (const b of everyInput()) if (!b.sameAccount) expect(allowed(kmsLocalOnly, b)).toBe(false);
  });

  it('KMS same account: the account statement plus an IAM allow suffices; a key policy naming the user suffices alone', () => {
    const base = Object.fromEntries(FLAGS.map((f) => [f, false])) as Bits;
    const clean = { ...base, sameAccount: true, bAllow: true, sAllow: true, scpAllow: true };
    expect(allowed(kms, { ...clean, rpAccount: true, idAllow: true })).toBe(true);
    expect(allowed(kms, { ...clean, rpAccount: true })).toBe(false);
    expect(allowed(kms, { ...clean, idAllow: true })).toBe(false);
    expect(allowed(kms, { ...base, sameAccount: true, rpExact: true })).toBe(false); // the SCP guardrail must allow
    expect(allowed(kms, { ...base, sameAccount: true, rpExact: true, scpAllow: true })).toBe(true);
    expect(allowed(kms, { ...base, sameAccount: true, grant: true })).toBe(false); // SCPs bound grants (§12.11)
    expect(allowed(kms, { ...base, sameAccount: true, grant: true, scpAllow: true })).toBe(true);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-basics — same
  // account: an identity-policy allow or a resource-policy allow suffices for S3.
  it('S3 same account: an identity allow alone suffices; anonymous needs a public resource-side allow', () => {
    const base = Object.fromEntries(FLAGS.map((f) => [f, false])) as Bits;
    expect(allowed(s3, { ...base, sameAccount: true, idAllow: true, bAllow: true, sAllow: true, scpAllow: true })).toBe(true);
    expect(allowed(s3, { ...base, anonymous: true, rpIndirect: true })).toBe(true);
    expect(allowed(s3, { ...base, anonymous: true, rpExact: true, rpAccount: true, idAllow: true })).toBe(false);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — a boundary limits an
  // identity-policy allow; a resource policy naming the user itself is not limited by it.
  it('a permissions boundary limits IAM allows but not a resource policy naming the caller exactly', () => {
    const base = Object.fromEntries(FLAGS.map((f) => [f, false])) as Bits;
    const noBoundary = { ...base, sameAccount: true, sAllow: true, scpAllow: true }; // bAllow false: the boundary does not allow
    expect(allowed(kms, { ...noBoundary, rpAccount: true, idAllow: true })).toBe(false);
    expect(allowed(kms, { ...noBoundary, rpExact: true })).toBe(true);
    expect(allowed(kms, { ...noBoundary, rpIndirect: true })).toBe(false);
  });
});
