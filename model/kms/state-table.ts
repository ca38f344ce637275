// The KMS key-state × operation table of https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html, as data.
import type { KeyState } from '../state.ts';

/**
 * One cell of the table: `ok` (✓, authorization still required), `fN` (✗ with footnote N), or `f7` for the
 * "? f7" cells (fails only for imported material / custom key stores: checked by the operation itself).
 * `f2/f3` cells are written `f3` (spec §1.3 modelling decision: KMSInvalidStateException "is pending deletion").
 * "✗ f1/f7" is `f1` and "✗ f3/f7" is `f3` (the state check comes first).
 */
export type Cell = 'ok' | 'f1' | 'f3' | 'f4' | 'f5' | 'f6' | 'f7' | 'f11' | 'f14' | 'f15' | 'na';

/** Columns, in the documentation's order. PendingReplicaDeletion shares the PendingDeletion column. */
export const COLUMNS = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'Unavailable', 'Creating', 'Updating'] as const;
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell];

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html — "Key states and KMS API operations".
 * Rows absent from the 2023 table (RotateKeyOnDemand, ListKeyRotations) follow spec §1.3's recommendation:
 * "same as EnableKeyRotation" and "same as DescribeKey" (validated: Disabled → DisabledException, PendingImport →
 * "is pending import"). GetKeyRotationStatus on PendingImport is f6 (origin EXTERNAL).
 */
export const KEY_STATE_TABLE: Readonly<Record<string, Row>> = {
  //                                     Enabled Disabled PendDel PendImp Unavail Creating Updating
  CancelKeyDeletion:                   ['f4',  'f4',    'ok',   'f4',   'f4',   'f4',    'f4'],
  CreateAlias:                         ['ok',  'ok',    'f3',   'ok',   'ok',   'ok',    'ok'],
  CreateGrant:                         ['ok',  'f1',    'f3',   'f5',   'ok',   'f14',   'ok'],
  Decrypt:                             ['ok',  'f1',    'f3',   'f5',   'f11',  'f14',   'ok'],
  DeleteAlias:                         ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  DescribeKey:                         ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  DisableKey:                          ['ok',  'ok',    'f3',   'f5',   'ok',   'f14',   'f15'],
  DisableKeyRotation:                  ['f7',  'f1',    'f3',   'f6',   'f7',   'f14',   'f7'],
  EnableKey:                           ['ok',  'ok',    'f3',   'f5',   'ok',   'f14',   'f15'],
  EnableKeyRotation:                   ['f7',  'f1',    'f3',   'f6',   'f7',   'f14',   'f7'],
  Encrypt:                             ['ok',  'f1',    'f3',   'f5',   'f11',  'f14',   'ok'],
  GenerateDataKey:                     ['ok',  'f1',    'f3',   'f5',   'f11',  'f14',   'ok'],
  GenerateDataKeyPair:                 ['ok',  'f1',    'f3',   'f5',   'f11',  'f14',   'ok'],
  GenerateDataKeyPairWithoutPlaintext: ['ok',  'f1',    'f3',   'f5',   'f11',  'f14',   'ok'],
  GenerateDataKeyWithoutPlaintext:     ['ok',  'f1',    'f3',   'f5',   'f11',  'f14',   'ok'],
  GenerateMac:                         ['ok',  'f1',    'f3',   'na',   'na',   'f14',   'ok'],
  GetKeyPolicy:                        ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  GetKeyRotationStatus:                ['f7',  'f7',    'f7',   'f6',   'f7',   'f7',    'f7'],
  GetPublicKey:                        ['ok',  'f1',    'f3',   'na',   'na',   'f14',   'ok'],
  ListAliases:                         ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  ListGrants:                          ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  ListKeyPolicies:                     ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  ListKeyRotations:                    ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  ListResourceTags:                    ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  PutKeyPolicy:                        ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  ReEncrypt:                           ['ok',  'f1',    'f3',   'f5',   'f11',  'f14',   'ok'],
  RetireGrant:                         ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  RevokeGrant:                         ['ok',  'ok',    'ok',   'ok',   'ok',   'ok',    'ok'],
  RotateKeyOnDemand:                   ['f7',  'f1',    'f3',   'f5',   'f7',   'f14',   'f7'],
  ScheduleKeyDeletion:                 ['ok',  'ok',    'f3',   'ok',   'ok',   'ok',    'f15'],
  Sign:                                ['ok',  'f1',    'f3',   'na',   'na',   'f14',   'ok'],
  TagResource:                         ['ok',  'ok',    'f3',   'ok',   'ok',   'ok',    'ok'],
  UntagResource:                       ['ok',  'ok',    'f3',   'ok',   'ok',   'ok',    'ok'],
  UpdateAlias:                         ['ok',  'ok',    'f3',   'ok',   'ok',   'ok',    'ok'],
  UpdateKeyDescription:                ['ok',  'ok',    'f3',   'ok',   'ok',   'ok',    'ok'],
  Verify:                              ['ok',  'f1',    'f3',   'na',   'na',   'f14',   'ok'],
  VerifyMac:                           ['ok',  'f1',    'f3',   'na',   'na',   'f14',   'ok'],
};

/** The table's column for a key state (PendingReplicaDeletion reads the PendingDeletion column). */
export function columnOf(state: KeyState): number {
  return state === 'PendingReplicaDeletion' ? COLUMNS.indexOf('PendingDeletion') : COLUMNS.indexOf(state);
}

/** The cell for an operation on a key in a state; undefined for an operation the table does not list. */
export function cellFor(operation: string, state: KeyState): Cell | undefined {
  return KEY_STATE_TABLE[operation]?.[columnOf(state)];
}
