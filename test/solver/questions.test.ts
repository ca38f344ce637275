// canAnyoneElse, newAccess, s3:GetObject and decide on small hand-built worlds; time limits give "unknown", never "no".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canAnyoneElse, decide, newAccess, requestAllowed, shutdownZ3, whoCan, z3 } from '../../solver/index.ts';
import { answerQuestion, z3Solver } from '../../solver/ask-handler.ts';
import type { Solver } from '../../cli/scenario/ask.ts';
import { A, accountStatement, B, EXTERNAL, expectConfirmedYes, expectWhoCan, keyUsers, keyWith, KmsWorld, policy, ROOT_A, ROOT_B } from './world.ts';

beforeAll(async () => {
  await z3();
});
afterAll(shutdownZ3);

/** A world where alice may decrypt through the key policy and bob through a grant; carol has an IAM allow only. */
function grantWorld() {
  const w = new KmsWorld();
  const alice = w.user(A, 'alice');
  const bob = w.user(A, 'bob');
  const carol = w.user(A, 'carol', policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }));
  const key = keyWith(w, keyUsers(ROOT_A, ['kms:CreateGrant', 'kms:DescribeKey', 'kms:PutKeyPolicy']), keyUsers(alice, 'kms:Decrypt'));
  return { w, alice, bob, carol, key };
}

describe('canAnyoneElse', () => {
  it('no: nobody but the key user decrypts (an IAM allow without the account statement does nothing)', async () => {
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html — IAM policies count only when the key policy delegates to the account.
    const { w, alice, key } = grantWorld();
    expect(await canAnyoneElse(w.state, 'kms:Decrypt', key, [alice])).toEqual({ kind: 'no' });
  });

  it('yes after a grant: the witness is the grantee, and model/ allows it', async () => {
    // https://docs.aws.amazon.com/kms/latest/developerguide/grants.html — a grant allows its grantee the operations it lists.
    const { w, alice, bob, key } = grantWorld();
    w.ok(ROOT_A, 'kms:CreateGrant', { KeyId: key, GranteePrincipal: bob, Operations: ['Decrypt'] });
    const witness = expectConfirmedYes(w.state, await canAnyoneElse(w.state, 'kms:Decrypt', key, [alice]));
    expect(witness.principal).toBe(bob);
  });

  it('excepting a role excepts every session of it', async () => {
    // SCENARIOS.md "Who acts and who counts": a role stands for its sessions.
    const w = new KmsWorld();
    w.ok(ROOT_A, 'iam:CreateRole', { RoleName: 'R', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: ROOT_A }, Action: 'sts:AssumeRole' }) });
    const role = `arn:aws:iam::${A}:role/R`;
    const key = keyWith(w, keyUsers(role, 'kms:Decrypt'));
    const assumer = w.user(A, 'assumer', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role }));
    w.ok(assumer, 'sts:AssumeRole', { RoleArn: role, RoleSessionName: 'live' });
    expect(await canAnyoneElse(w.state, 'kms:Decrypt', key, [role])).toEqual({ kind: 'no' });
    const witness = expectConfirmedYes(w.state, await canAnyoneElse(w.state, 'kms:Decrypt', key, []));
    expect(witness.principal.startsWith(`arn:aws:sts::${A}:assumed-role/R/`)).toBe(true);
  });
});

describe('newAccess', () => {
  const candidateFor = (extra: object[]) => policy(keyUsers(ROOT_A, ['kms:CreateGrant', 'kms:DescribeKey', 'kms:PutKeyPolicy']), ...extra);

  it('yes when the candidate adds an account: the witness is allowed under it and denied now', async () => {
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html — the key policy
    // must allow the external account; its root user holds every permission of its account.
    const { w, alice, key } = grantWorld();
    const candidate = candidateFor([keyUsers(alice, 'kms:Decrypt'), keyUsers(ROOT_B, 'kms:Decrypt')]);
    const answer = await newAccess(w.state, key, candidate);
    if (answer.kind !== 'yes') expect.fail(JSON.stringify(answer));
    expect(requestAllowed(w.state, answer.witness).allowed).toBe(false);
    expect(answer.witness.principal.endsWith(':root') || answer.witness.principal.includes(B)).toBe(true);
  });

  it('no when the candidate only removes an allow', async () => {
    const { w, key } = grantWorld();
    expect(await newAccess(w.state, key, candidateFor([]))).toEqual({ kind: 'no' });
  });

  it('yes when the candidate loosens a condition: the witness uses the newly allowed context', async () => {
    // IAM-UG reference_policies_elements_condition_operators: StringLike with a wildcard allows more values than StringEquals.
    const w = new KmsWorld();
    const alice = w.user(A, 'alice');
    const base = keyUsers(ROOT_A, ['kms:PutKeyPolicy']);
    const key = keyWith(w, base, keyUsers(alice, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:app': 'billing' } }));
    const answer = await newAccess(w.state, key, policy(base, keyUsers(alice, 'kms:Decrypt', { StringLike: { 'kms:EncryptionContext:app': 'bill*' } })));
    if (answer.kind !== 'yes') expect.fail(JSON.stringify(answer));
    expect(answer.witness.principal).toBe(alice);
    const app = answer.witness.context['kms:EncryptionContext:app'] as string;
    expect(app.startsWith('bill') && app !== 'billing').toBe(true);
  });

  it('yes when the candidate drops a Deny', async () => {
    // IAM-UG evaluation-logic: an explicit deny overrides any allow; without it the allow applies.
    const w = new KmsWorld();
    const alice = w.user(A, 'alice');
    const allow = keyUsers(alice, ['kms:Encrypt', 'kms:Decrypt']);
    const key = keyWith(w, allow, keyUsers('*', 'kms:Decrypt', { Bool: { 'aws:SecureTransport': 'false' } }, 'Deny'));
    const answer = await newAccess(w.state, key, policy(allow));
    if (answer.kind !== 'yes') expect.fail(JSON.stringify(answer));
    expect(answer.witness).toMatchObject({ principal: alice, action: 'kms:Decrypt', context: { 'aws:SecureTransport': 'false' } });
  });

  it('an invalid candidate is "unknown", with the parser\'s reason', async () => {
    const { w, key } = grantWorld();
    const answer = await newAccess(w.state, key, '{"Statement": 5}');
    expect(answer.kind).toBe('unknown');
  });
});

describe('s3:GetObject', () => {
  const BUCKET = 'solver-bucket';
  function s3World() {
    const w = new KmsWorld();
    const reader = w.user(A, 'reader', policy({ Effect: 'Allow', Action: ['s3:GetObject', 'kms:Decrypt'], Resource: '*' }));
    w.user(A, 'objectsOnly', policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }));
    const key = keyWith(w, accountStatement(A));
    w.ok(ROOT_A, 's3:CreateBucket', { Bucket: BUCKET });
    w.ok(ROOT_A, 's3:PutBucketOwnershipControls', { Bucket: BUCKET, OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } });
    w.ok(ROOT_A, 's3:PutPublicAccessBlock', { Bucket: BUCKET, PublicAccessBlockConfiguration: {} });
    w.ok(ROOT_A, 's3:PutObject', { Bucket: BUCKET, Key: 'plain.txt', Body: 'plain', ACL: 'public-read' });
    w.ok(ROOT_A, 's3:PutObject', { Bucket: BUCKET, Key: 'sealed.txt', Body: 'sealed', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key });
    w.ok(ROOT_A, 's3:PutObjectAcl', { Bucket: BUCKET, Key: 'sealed.txt', ACL: 'public-read' });
    return { w, reader, key };
  }
  const objectArn = (k: string) => `arn:aws:s3:::${BUCKET}/${k}`;

  it('an SSE-S3 object with a public-read ACL: anyone (anonymous, the other account\'s root included) reads it', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl — public-read: AllUsers READ.
    const { w, reader } = s3World();
    const answer = await whoCan(w.state, 's3:GetObject', objectArn('plain.txt'));
    expectWhoCan(w.state, answer, [ROOT_A, ROOT_B, reader, `arn:aws:iam::${A}:user/objectsOnly`], true);
  });

  it('an SSE-KMS object: S3 and the KMS Decrypt S3 makes as the caller must both allow; anonymous never', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html — "the requester must have
    // kms:Decrypt"; https://repost.aws/knowledge-center/s3-kms-signature-version-error — no anonymous SSE-KMS reads.
    const { w, reader } = s3World();
    expectWhoCan(w.state, await whoCan(w.state, 's3:GetObject', objectArn('sealed.txt')), [ROOT_A, reader], false);
  });

  it('a key policy pinned to the object\'s encryption context: S3 sends the stored one, the caller cannot choose', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context — aws:s3:arn.
    const { w, reader, key } = s3World();
    const other = keyWith(w, accountStatement(A), keyUsers('*', 'kms:Decrypt', { StringNotEquals: { 'kms:EncryptionContext:aws:s3:arn': objectArn('elsewhere') } }, 'Deny'));
    w.ok(ROOT_A, 's3:PutObject', { Bucket: BUCKET, Key: 'pinned.txt', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: other });
    expectWhoCan(w.state, await whoCan(w.state, 's3:GetObject', objectArn('pinned.txt')), [], false);
    expect(key).not.toBe(other);
    expect(reader).toContain('reader');
  });
});

describe('decide: one concrete request', () => {
  it('agrees with the model on an allowed and a denied request', async () => {
    const w = new KmsWorld();
    const alice = w.user(A, 'alice');
    const key = keyWith(w, keyUsers(alice, 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:app': 'x' } }));
    const allowed = { principal: alice, action: 'kms:Decrypt', resource: key, context: { 'kms:EncryptionContext:app': 'x', 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } };
    const denied = { ...allowed, context: { 'kms:EncryptionContext:app': 'y', 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } };
    expect(requestAllowed(w.state, allowed).allowed).toBe(true);
    expect(requestAllowed(w.state, denied).allowed).toBe(false);
    expect(await decide(w.state, allowed)).toBe('yes');
    expect(await decide(w.state, denied)).toBe('no');
  });
});

describe('answers the solver cannot give', () => {
  /** A world big enough that Z3 cannot finish inside one millisecond. */
  function busyWorld() {
    const w = new KmsWorld();
    const users = Array.from({ length: 12 }, (_, i) => w.user(A, `u${i}`, policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*', Condition: { StringLike: { 'aws:SourceVpce': `vpce-${i}*` } } })));
    const statements = users.map((u, i) => keyUsers(u, ['kms:Decrypt', 'kms:Encrypt'], { StringEquals: { [`kms:EncryptionContext:k${i}`]: `v${i}` }, StringLike: { 'kms:ViaService': `s${i}*` } }));
    const key = keyWith(w, accountStatement(A), ...statements);
    return { w, key, users };
  }

  // DESIGN.md: "a timeout is unknown, never no".
  it('a time limit too small gives "unknown" for every question kind', async () => {
    const { w, key, users } = busyWorld();
    const tiny = { timeoutMs: 1 };
    expect((await whoCan(w.state, 'kms:Decrypt', key, tiny)).kind).toBe('unknown');
    expect((await canAnyoneElse(w.state, 'kms:Decrypt', key, users, tiny)).kind).toBe('unknown');
    expect((await newAccess(w.state, key, policy(accountStatement(A), keyUsers('*', 'kms:*')), tiny)).kind).toBe('unknown');
    expect(await decide(w.state, { principal: users[0]!, action: 'kms:Decrypt', resource: key, context: {} }, tiny)).toBe('unknown');
  });

  it('reach goes through the same dispatch (a goal that already holds: "yes" with an empty path); an unmodelled action is "unknown"', async () => {
    const { w, key } = busyWorld();
    expect(await answerQuestion(w.state, { ask: 'reach', goal: { action: 'kms:Decrypt', resource: key }, maxSteps: 1 })).toMatchObject({ kind: 'yes', path: [] });
    expect((await whoCan(w.state, 'iam:CreateUser', key)).kind).toBe('unknown');
  });
});

describe('the runner hook', () => {
  it('z3Solver() is the runner\'s Solver; a wrong witness is refused by its concrete check', async () => {
    const solver: Solver = z3Solver();
    const { w, alice, bob, key } = grantWorld();
    expect(solver.requestAllowed(w.state, { principal: alice, action: 'kms:Decrypt', resource: key, context: {} }).allowed).toBe(true);
    expect(solver.requestAllowed(w.state, { principal: bob, action: 'kms:Decrypt', resource: key, context: {} }).allowed).toBe(false);
    expect(solver.requestAllowed(w.state, { principal: `arn:aws:iam::${EXTERNAL}:root`, action: 'kms:Decrypt', resource: key, context: {} }).allowed).toBe(false);
    const answer = await solver.answer(w.state, { ask: 'whoCan', action: 'kms:Decrypt', resource: key });
    expect(answer).toEqual({ kind: 'whoCan', principals: [alice], unknownPrincipals: false });
  });
});
