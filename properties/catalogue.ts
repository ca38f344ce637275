// The invariant catalogue: every named claim keyward checks, in one list (properties/README.md lists the same).
import type { Invariant } from './invariant.ts';
import {
  deletedKeyNeverComesBack, enabledFlagMatchesKeyState, keyIsDeletedAtItsDeletionDate, noCryptoUnlessEnabled, waitingPeriodIsSevenToThirtyDays,
} from './key-lifecycle.ts';
import { anonymousNeverReadsSseKms, sseKmsReadNeedsAUsableKey } from './s3-encryption.ts';
import { childGrantNeverAcceptsMoreContexts, childGrantNeverHasMoreOperations, grantBelongsToExactlyOneKey } from './grants.ts';

export const catalogue: readonly Invariant[] = [
  waitingPeriodIsSevenToThirtyDays,
  keyIsDeletedAtItsDeletionDate,
  deletedKeyNeverComesBack,
  noCryptoUnlessEnabled,
  enabledFlagMatchesKeyState,
  grantBelongsToExactlyOneKey,
  childGrantNeverHasMoreOperations,
  childGrantNeverAcceptsMoreContexts,
  anonymousNeverReadsSseKms,
  sseKmsReadNeedsAUsableKey,
];
