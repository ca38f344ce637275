// Alias operations: CreateAlias, DeleteAlias, UpdateAlias, ListAliases.
import { z } from 'zod';
import { aliasArn } from '../arn.ts';
import type { SignedCaller } from '../authz/caller.ts';
import type { RequestEnvironment } from '../authz/context.ts';
import type { AwsError } from '../errors.ts';
import { failWith, signedOp, success } from '../op.ts';
import type { Alias, Key, State } from '../state.ts';
import { authorizeKms } from './authorize.ts';
import { authorizeIamOnly, guardKey } from './guard.ts';
import { aliasKey, findAlias, resolveKey } from './keys.ts';
import { isoDate } from './metadata.ts';
import { paginate } from '../listing.ts';
import { invalidMarker } from './pagination.ts';
import { keyIdSchema, paginationShape } from './schemas.ts';

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html — AliasName: 1..256, pattern ^[a-zA-Z0-9:/_-]+$. */
const aliasNameSchema = z.string().min(1).max(256).regex(/^[a-zA-Z0-9:/_-]+$/, { message: 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$' });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html — "The alias must begin with alias/ followed by
 * a name"; "The AliasName value must be string of 1-256 characters ... cannot begin with alias/aws/. The alias/aws/
 * prefix is reserved for AWS managed keys." (error code: config.reservedAliasError, UNVERIFIED).
 */
function aliasNameError(state: State, name: string): AwsError | undefined {
  if (!name.startsWith('alias/') || name === 'alias/') {
    return { code: 'ValidationException', message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html' };
  }
  if (name.startsWith('alias/aws/')) return { code: state.config.reservedAliasError, message: `${name}: the alias/aws/ prefix is reserved for AWS managed keys.` };
  return undefined;
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html — "To create an alias, you need kms:CreateAlias
 * permission for the alias (in an IAM policy) and for the KMS key (in a key policy or IAM policy)"; the same for
 * DeleteAlias and UpdateAlias. Aliases and their keys must be in the caller's account (not cross-account).
 */
function authorizeAlias(state: State, caller: SignedCaller, env: RequestEnvironment, action: string, name: string): AwsError | undefined {
  return authorizeIamOnly({ state, caller, env, action, resource: aliasArn(state.region, caller.account, name) });
}

const withAlias = (state: State, alias: Alias): State => ({
  ...state,
  kms: { ...state.kms, aliases: { ...state.kms.aliases, [aliasKey(alias.account, alias.name)]: alias } },
});

const aliasNotFound = (state: State, account: string, name: string): AwsError => ({
  code: 'NotFoundException',
  message: `Alias ${aliasArn(state.region, account, name)} is not found.`,
});

const createSchema = z.strictObject({ AliasName: aliasNameSchema, TargetKeyId: keyIdSchema });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html — TargetKeyId is a key id or key ARN of the
 * caller's account; an existing alias name → AlreadyExistsException; a key pending deletion → KMSInvalidStateException.
 */
export const CreateAlias = signedOp(createSchema, ({ state, caller, input, env }) => {
  const badName = aliasNameError(state, input.AliasName);
  if (badName) return failWith(badName);
  const target = resolveKey(state, caller.account, input.TargetKeyId, { allowAlias: false });
  if (!target.ok) return failWith(target.error);
  const denied =
    authorizeAlias(state, caller, env, 'kms:CreateAlias', input.AliasName) ??
    guardKey({ state, caller, env, key: target.key, action: 'kms:CreateAlias', operation: 'CreateAlias' });
  if (denied) return failWith(denied);
  const arn = aliasArn(state.region, caller.account, input.AliasName);
  if (findAlias(state, caller.account, input.AliasName)) {
    return failWith({ code: 'AlreadyExistsException', message: `An alias with the name ${arn} already exists` });
  }
  const alias: Alias = { name: input.AliasName, arn, account: caller.account, targetKeyId: target.key.keyId, createdAt: state.now, lastUpdatedAt: state.now };
  return success(withAlias(state, alias));
});

const deleteSchema = z.strictObject({ AliasName: aliasNameSchema });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteAlias.html — works in every key state; unknown alias → NotFoundException. */
export const DeleteAlias = signedOp(deleteSchema, ({ state, caller, input, env }) => {
  const badName = aliasNameError(state, input.AliasName);
  if (badName) return failWith(badName);
  const alias = findAlias(state, caller.account, input.AliasName);
  const key = alias && state.kms.keys[alias.targetKeyId];
  if (!alias || !key) return failWith(aliasNotFound(state, caller.account, input.AliasName));
  const denied =
    authorizeAlias(state, caller, env, 'kms:DeleteAlias', input.AliasName) ??
    guardKey({ state, caller, env, key, action: 'kms:DeleteAlias', operation: 'DeleteAlias' });
  if (denied) return failWith(denied);
  const { [aliasKey(caller.account, input.AliasName)]: _removed, ...aliases } = state.kms.aliases;
  return success({ ...state, kms: { ...state.kms, aliases } });
});

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html — "The current and new KMS key must be the
 * same type (both symmetric or both asymmetric or both HMAC), and they must have the same key usage." (keyward's error:
 * ValidationException.)
 */
function sameKind(current: Key, next: Key): AwsError | undefined {
  const kind = (k: Key): string => (k.keySpec === 'SYMMETRIC_DEFAULT' ? 'symmetric' : k.keySpec.startsWith('HMAC_') ? 'HMAC' : 'asymmetric');
  if (kind(current) === kind(next) && current.keyUsage === next.keyUsage) return undefined;
  return { code: 'ValidationException', message: `${next.arn} is not the same type of key (${kind(next)}, ${next.keyUsage}) as ${current.arn} (${kind(current)}, ${current.keyUsage}).` };
}

const updateSchema = z.strictObject({ AliasName: aliasNameSchema, TargetKeyId: keyIdSchema });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html — needs kms:UpdateAlias on the alias and on both
 * keys. https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html footnote 10 — succeeds when the current key
 * is pending deletion, fails with KMSInvalidStateException when the new key is.
 */
export const UpdateAlias = signedOp(updateSchema, ({ state, caller, input, env }) => {
  const badName = aliasNameError(state, input.AliasName);
  if (badName) return failWith(badName);
  const alias = findAlias(state, caller.account, input.AliasName);
  const current = alias && state.kms.keys[alias.targetKeyId];
  if (!alias || !current) return failWith(aliasNotFound(state, caller.account, input.AliasName));
  const target = resolveKey(state, caller.account, input.TargetKeyId, { allowAlias: false });
  if (!target.ok) return failWith(target.error);
  const denied =
    authorizeAlias(state, caller, env, 'kms:UpdateAlias', input.AliasName) ??
    authorizeKms({ state, caller, env, key: current, action: 'kms:UpdateAlias' }) ??
    guardKey({ state, caller, env, key: target.key, action: 'kms:UpdateAlias', operation: 'UpdateAlias' });
  if (denied) return failWith(denied);
  const mismatch = sameKind(current, target.key);
  if (mismatch) return failWith(mismatch);
  return success(withAlias(state, { ...alias, targetKeyId: target.key.keyId, lastUpdatedAt: state.now }));
});

const listSchema = z.strictObject({ KeyId: keyIdSchema.optional(), ...paginationShape });

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html — the aliases of the caller's account and
 * Region (those KMS created for AWS managed keys included), optionally only those of one key; kms:ListAliases is an
 * IAM-only permission.
 */
export const ListAliases = signedOp(listSchema, ({ state, caller, input, env }) => {
  const denied = authorizeIamOnly({ state, caller, env, action: 'kms:ListAliases' });
  if (denied) return failWith(denied);
  const only = input.KeyId === undefined ? undefined : resolveKey(state, caller.account, input.KeyId, { allowAlias: false });
  if (only && !only.ok) return failWith(only.error);
  const aliases = Object.values(state.kms.aliases)
    .filter((a) => a.account === caller.account && (!only || a.targetKeyId === only.key.keyId))
    .map((a) => ({
      AliasName: a.name,
      AliasArn: a.arn,
      TargetKeyId: a.targetKeyId,
      CreationDate: isoDate(a.createdAt),
      LastUpdatedDate: isoDate(a.lastUpdatedAt ?? a.createdAt),
    }));
  const page = paginate(aliases, input.Limit, input.Marker);
  if (!page) return failWith(invalidMarker);
  return success(state, { Aliases: page.items, Truncated: page.Truncated, NextMarker: page.NextMarker });
});
