// The KMS operation table step() dispatches to: key, policy, rotation, crypto, alias and tag operations, and grants.
import type { Operation } from '../op.ts';
import { CreateAlias, DeleteAlias, ListAliases, UpdateAlias } from './aliases.ts';
import { GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, GetPublicKey, Sign, Verify } from './asymmetric-operations.ts';
import { Decrypt, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom, ReEncrypt } from './crypto-operations.ts';
import { grantOperations } from './grant-operations.ts';
import {
  CancelKeyDeletion, CreateKey, DescribeKey, DisableKey, EnableKey, ListKeys, ScheduleKeyDeletion, UpdateKeyDescription,
} from './key-operations.ts';
import { GetKeyPolicy, ListKeyPolicies, PutKeyPolicy } from './policy-operations.ts';
import { DisableKeyRotation, EnableKeyRotation, GetKeyRotationStatus, ListKeyRotations, RotateKeyOnDemand } from './rotation.ts';
import { ListResourceTags, TagResource, UntagResource } from './tags.ts';

export const kmsOperations: Readonly<Record<string, Operation<any>>> = {
  CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion, UpdateKeyDescription,
  PutKeyPolicy, GetKeyPolicy, ListKeyPolicies,
  EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations,
  Encrypt, Decrypt, ReEncrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom,
  GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, Sign, Verify, GetPublicKey,
  CreateAlias, DeleteAlias, UpdateAlias, ListAliases,
  TagResource, UntagResource, ListResourceTags,
  ...grantOperations,
};
