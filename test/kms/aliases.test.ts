// Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases and the permissions they need.
import { describe, expect, it } from 'vitest';
import { A, KmsWorld, ROOT_A, ROOT_B, allow, policy } from './kms-world.ts';

const names = (w: KmsWorld, as = ROOT_A, input: object = {}): string[] =>
  (w.ok(as, 'kms:ListAliases', input)['Aliases'] as { AliasName: string }[]).map((a) => a.AliasName);

describe('CreateAlias', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
  it('creates an alias; ListAliases shows name, ARN, target and dates', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/app', TargetKeyId: k.arn });
    expect(w.ok(ROOT_A, 'kms:ListAliases')).toEqual({
      Aliases: [{ AliasName: 'alias/app', AliasArn: `arn:aws:kms:us-east-1:${A}:alias/app`, TargetKeyId: k.id, CreationDate: '2026-01-01T00:00:00.000Z', LastUpdatedDate: '2026-01-01T00:00:00.000Z' }],
      Truncated: false,
      NextMarker: undefined,
    });
  });

  it('refuses an existing name (AlreadyExistsException), a missing alias/ prefix, bad characters and the reserved alias/aws/ prefix', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/app', TargetKeyId: k.id });
    expect(w.fail(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/app', TargetKeyId: k.id })).toEqual({
      code: 'AlreadyExistsException', message: `An alias with the name arn:aws:kms:us-east-1:${A}:alias/app already exists`,
    });
    expect(w.fail(ROOT_A, 'kms:CreateAlias', { AliasName: 'app', TargetKeyId: k.id }).code).toBe('ValidationException');
    expect(w.fail(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/with space', TargetKeyId: k.id }).code).toBe('ValidationException');
    expect(w.fail(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/aws/mine', TargetKeyId: k.id }).code).toBe('NotAuthorizedException');
    expect(w.fail(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/x', TargetKeyId: 'alias/app' }).code).toBe('NotFoundException');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html — permission on the alias (IAM) and on the key.
  it('needs kms:CreateAlias on the alias resource and on the key', () => {
    const w = new KmsWorld();
    const k = w.key();
    const aliasOnly = w.user(A, 'aliasOnly', policy(allow('kms:CreateAlias', `arn:aws:kms:us-east-1:${A}:alias/*`)));
    const keyOnly = w.user(A, 'keyOnly', policy(allow('kms:CreateAlias', k.arn)));
    const both = w.user(A, 'both', policy(allow('kms:CreateAlias', [k.arn, `arn:aws:kms:us-east-1:${A}:alias/team-*`])));
    expect(w.fail(aliasOnly, 'kms:CreateAlias', { AliasName: 'alias/team-a', TargetKeyId: k.id }).message).toContain(`on resource: ${k.arn}`);
    expect(w.fail(keyOnly, 'kms:CreateAlias', { AliasName: 'alias/team-a', TargetKeyId: k.id }).message).toContain('alias/team-a');
    expect(w.fail(both, 'kms:CreateAlias', { AliasName: 'alias/other', TargetKeyId: k.id }).code).toBe('AccessDeniedException');
    w.ok(both, 'kms:CreateAlias', { AliasName: 'alias/team-a', TargetKeyId: k.id });
  });

  // spec §3.6 — alias operations are not cross-account.
  it('cannot point an alias at another account key', () => {
    const w = new KmsWorld();
    const k = w.key(ROOT_A);
    expect(w.fail(ROOT_B, 'kms:CreateAlias', { AliasName: 'alias/theirs', TargetKeyId: k.arn }).code).toBe('AccessDeniedException');
  });
});

describe('UpdateAlias and DeleteAlias', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html
  it('UpdateAlias repoints an alias and records LastUpdatedDate', () => {
    const w = new KmsWorld();
    const k1 = w.key();
    const k2 = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/app', TargetKeyId: k1.id });
    w.advance({ days: 1 });
    w.ok(ROOT_A, 'kms:UpdateAlias', { AliasName: 'alias/app', TargetKeyId: k2.id });
    expect(w.ok(ROOT_A, 'kms:ListAliases')['Aliases']).toMatchObject([{ TargetKeyId: k2.id, LastUpdatedDate: '2026-01-02T00:00:00.000Z' }]);
    expect(w.ok(ROOT_A, 'kms:Encrypt', { KeyId: 'alias/app', Plaintext: 'x' })['KeyId']).toBe(k2.arn);
  });

  // key-state.html footnote 10: the source key may be pending deletion, the destination may not.
  it('works when the current key is pending deletion, not when the new key is', () => {
    const w = new KmsWorld();
    const k1 = w.key();
    const k2 = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/app', TargetKeyId: k1.id });
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k1.id, PendingWindowInDays: 7 });
    w.ok(ROOT_A, 'kms:UpdateAlias', { AliasName: 'alias/app', TargetKeyId: k2.id });
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k2.id, PendingWindowInDays: 7 });
    w.ok(ROOT_A, 'kms:CancelKeyDeletion', { KeyId: k1.id });
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/other', TargetKeyId: k1.id });
    expect(w.fail(ROOT_A, 'kms:UpdateAlias', { AliasName: 'alias/other', TargetKeyId: k2.id })).toEqual({
      code: 'KMSInvalidStateException', message: `${k2.arn} is pending deletion.`,
    });
  });

  // API_UpdateAlias: "The current and new KMS key must be the same type ... and they must have the same key usage."
  it('refuses to repoint an alias to a key of another type or usage', () => {
    const w = new KmsWorld();
    const sym = w.key();
    const rsa = w.key(ROOT_A, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/app', TargetKeyId: sym.id });
    expect(w.fail(ROOT_A, 'kms:UpdateAlias', { AliasName: 'alias/app', TargetKeyId: rsa.id }).code).toBe('ValidationException');
    expect(w.fail(ROOT_A, 'kms:UpdateAlias', { AliasName: 'alias/none', TargetKeyId: sym.id }).code).toBe('NotFoundException');
  });

  // https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteAlias.html — works in every key state.
  it('DeleteAlias removes the alias (also when the key is pending deletion); an unknown alias is NotFoundException', () => {
    const w = new KmsWorld();
    const k = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/app', TargetKeyId: k.id });
    w.ok(ROOT_A, 'kms:ScheduleKeyDeletion', { KeyId: k.id, PendingWindowInDays: 7 });
    w.ok(ROOT_A, 'kms:DeleteAlias', { AliasName: 'alias/app' });
    expect(names(w)).toEqual([]);
    expect(w.fail(ROOT_A, 'kms:DeleteAlias', { AliasName: 'alias/app' })).toEqual({
      code: 'NotFoundException', message: `Alias arn:aws:kms:us-east-1:${A}:alias/app is not found.`,
    });
  });
});

describe('ListAliases', () => {
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html — caller's account; KeyId filter; IAM-only permission.
  it('lists the caller account aliases, filters by key, and needs kms:ListAliases in an IAM policy', () => {
    const w = new KmsWorld();
    const k1 = w.key();
    const k2 = w.key();
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/one', TargetKeyId: k1.id });
    w.ok(ROOT_A, 'kms:CreateAlias', { AliasName: 'alias/two', TargetKeyId: k2.id });
    w.ok(ROOT_B, 'kms:CreateAlias', { AliasName: 'alias/one', TargetKeyId: w.key(ROOT_B).id });
    expect(names(w)).toEqual(['alias/one', 'alias/two']);
    expect(names(w, ROOT_A, { KeyId: k2.arn })).toEqual(['alias/two']);
    expect(names(w, ROOT_B)).toEqual(['alias/one']);
    expect(w.fail(w.user(A, 'u'), 'kms:ListAliases').code).toBe('AccessDeniedException');
    expect(names(w, w.user(A, 'v', policy(allow('kms:ListAliases'))))).toEqual(['alias/one', 'alias/two']);
  });
});
