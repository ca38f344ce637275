// The invariant catalogue: every named claim keyward checks, in one list (properties/README.md lists the same).
import type { Invariant } from './invariant.ts';
import {
  aliasesPointAtExistingKeys, cancelDeletionLeavesKeyDisabled, deletedKeyNeverComesBack, enabledFlagMatchesKeyState, keyIsDeletedAtItsDeletionDate,
  keyIsNeverDeletedBeforeItsDeletionDate, waitingPeriodIsSevenToThirtyDays,
} from './key-lifecycle.ts';
import { noCryptoUnlessEnabled, operationsTheStateTableAllowsStillWork } from './key-state.ts';
import { decryptNeedsTheExactEncryptionContext, deletedKeyNeverDecryptsAgain, rotationNeverBreaksOldCiphertexts } from './ciphertexts.ts';
import {
  crossAccountNeedsBothSides, explicitDenyInBoundaryWins, explicitDenyInIamPolicyWins, explicitDenyInKeyPolicyWins, explicitDenyInScpWins,
  explicitDenyInSessionPolicyWins, explicitDenyWinsOverGrants, iamAllowNeedsKeyPolicyDelegation, noAccessWithoutAnExplicitAllow,
  nonCrossAccountOperationsNeverCrossAccounts,
} from './authorization.ts';
import { addingADenyNeverAddsAccess, addingAnAllowNeverRemovesAccess, statementOrderNeverMatters } from './decision-laws.ts';
import { putKeyPolicyKeepsCallerAbleToPutKeyPolicy } from './lockout.ts';
import { childGrantNeverAcceptsMoreContexts, childGrantNeverHasMoreOperations, grantBelongsToExactlyOneKey, grantsOnlyAdd } from './grants.ts';
import { alarmFiresOnlyOnMatchingEvents, everyChangeIsInTheTrail, scheduledDeletionIsVisibleToFilters } from './monitoring.ts';
import { anonymousNeverReadsSseKms, defaultEncryptionIsNotRetroactive, readingSseKmsNeedsDecryptPermission, sseKmsReadNeedsAUsableKey } from './s3-encryption.ts';

export const catalogue: readonly Invariant[] = [
  waitingPeriodIsSevenToThirtyDays,
  keyIsDeletedAtItsDeletionDate,
  keyIsNeverDeletedBeforeItsDeletionDate,
  deletedKeyNeverComesBack,
  aliasesPointAtExistingKeys,
  cancelDeletionLeavesKeyDisabled,
  enabledFlagMatchesKeyState,
  noCryptoUnlessEnabled,
  operationsTheStateTableAllowsStillWork,
  deletedKeyNeverDecryptsAgain,
  rotationNeverBreaksOldCiphertexts,
  decryptNeedsTheExactEncryptionContext,
  explicitDenyInKeyPolicyWins,
  explicitDenyInIamPolicyWins,
  explicitDenyInScpWins,
  explicitDenyInBoundaryWins,
  explicitDenyInSessionPolicyWins,
  explicitDenyWinsOverGrants,
  noAccessWithoutAnExplicitAllow,
  iamAllowNeedsKeyPolicyDelegation,
  crossAccountNeedsBothSides,
  nonCrossAccountOperationsNeverCrossAccounts,
  addingAnAllowNeverRemovesAccess,
  addingADenyNeverAddsAccess,
  statementOrderNeverMatters,
  putKeyPolicyKeepsCallerAbleToPutKeyPolicy,
  grantBelongsToExactlyOneKey,
  childGrantNeverHasMoreOperations,
  childGrantNeverAcceptsMoreContexts,
  grantsOnlyAdd,
  defaultEncryptionIsNotRetroactive,
  anonymousNeverReadsSseKms,
  sseKmsReadNeedsAUsableKey,
  readingSseKmsNeedsDecryptPermission,
  everyChangeIsInTheTrail,
  scheduledDeletionIsVisibleToFilters,
  alarmFiresOnlyOnMatchingEvents,
];

export const invariantNamed = (name: string): Invariant | undefined => catalogue.find((i) => i.name === name);
