// The mutation campaign: every seeded mutant of model/mutants.ts must be rejected by the campaign, and rejected by the
// invariant it was written against (so each invariant is shown to catch the bug it names).
import type { MutantName } from '../model/mutants.ts';
import { MUTANTS, mutantNames } from '../model/mutants.ts';
import { runCampaign } from './campaign.ts';
import { invariantNamed } from './catalogue.ts';
import type { Scope } from './scope.ts';

/** The invariant that must reject each mutant. */
export const KILLED_BY: Readonly<Record<MutantName, string>> = {
  pendingWindowUnchecked: 'waitingPeriodIsSevenToThirtyDays',
  deletionRunsADayLate: 'keyIsDeletedAtItsDeletionDate',
  deletionRunsADayEarly: 'keyIsNeverDeletedBeforeItsDeletionDate',
  deletedKeyLingersDisabled: 'deletedKeyNeverComesBack',
  deletionKeepsAliases: 'aliasesPointAtExistingKeys',
  cancelDeletionReEnables: 'cancelDeletionLeavesKeyDisabled',
  enabledFlagTrueUnlessDisabled: 'enabledFlagMatchesKeyState',
  keyStateIgnoredForCrypto: 'noCryptoUnlessEnabled',
  pendingDeletionFreezesKey: 'operationsTheStateTableAllowsStillWork',
  s3ServesObjectsOfDeletedKeys: 'deletedKeyNeverDecryptsAgain',
  rotationDiscardsOldMaterial: 'rotationNeverBreaksOldCiphertexts',
  encryptBindsNoContext: 'decryptNeedsTheExactEncryptionContext',
  keyPolicyDenyIgnored: 'explicitDenyInKeyPolicyWins',
  identityDenyIgnored: 'explicitDenyInIamPolicyWins',
  scpDenyIgnored: 'explicitDenyInScpWins',
  boundaryDenyIgnored: 'explicitDenyInBoundaryWins',
  sessionDenyIgnored: 'explicitDenyInSessionPolicyWins',
  grantBypassesDeny: 'explicitDenyWinsOverGrants',
  rootBypassesKeyPolicy: 'noAccessWithoutAnExplicitAllow',
  keyPolicyAlwaysDelegates: 'iamAllowNeedsKeyPolicyDelegation',
  foreignKeysNeedNoIamAllow: 'crossAccountNeedsBothSides',
  callerAccountTakenFromKey: 'nonCrossAccountOperationsNeverCrossAccounts',
  sameSidStatementsOverwrite: 'addingAnAllowNeverRemovesAccess',
  onlyFirstDenyCounts: 'addingADenyNeverAddsAccess',
  onlyFirstAllowCounts: 'statementOrderNeverMatters',
  lockoutCheckSkipped: 'putKeyPolicyKeepsCallerAbleToPutKeyPolicy',
  grantIdFromGrantee: 'grantBelongsToExactlyOneKey',
  childGrantOperationsUnchecked: 'childGrantNeverHasMoreOperations',
  childGrantConstraintsUnchecked: 'childGrantNeverAcceptsMoreContexts',
  grantReplacesPolicyForGrantee: 'grantsOnlyAdd',
  defaultEncryptionRewritesObjects: 'defaultEncryptionIsNotRetroactive',
  anonymousReadsDecryptAsBucketOwner: 'anonymousNeverReadsSseKms',
  s3IgnoresKeyState: 'sseKmsReadNeedsAUsableKey',
  s3SkipsKmsDecrypt: 'readingSseKmsNeedsDecryptPermission',
  trailOmitsKeyPolicyChanges: 'everyChangeIsInTheTrail',
  trailOmitsResponseElements: 'scheduledDeletionIsVisibleToFilters',
  metricFilterIgnoresPattern: 'alarmFiresOnlyOnMatchingEvents',
};

export interface MutantVerdict {
  readonly mutant: MutantName;
  readonly rule: string;
  readonly invariant: string;
  readonly killed: boolean;
  /** Runs played until the invariant rejected the mutant (or all of them). */
  readonly runs: number;
  /** The first violation message. */
  readonly evidence: string | undefined;
}

export interface MutantOptions {
  readonly runs: number;
  readonly seed?: number;
  readonly scope?: Scope;
}

/** Run the campaign against one mutant, checking the invariant that must reject it. */
export function runMutant(mutant: MutantName, options: MutantOptions): MutantVerdict {
  const name = KILLED_BY[mutant];
  const invariant = invariantNamed(name);
  if (!invariant) throw new Error(`properties: mutant ${mutant} names ${name}, which is not in the catalogue`);
  const result = runCampaign({ runs: options.runs, seed: options.seed, scope: options.scope, invariants: [invariant], config: { mutant }, shrink: false, write: false });
  const first = result.failure?.violations[0];
  return {
    mutant,
    rule: MUTANTS[mutant],
    invariant: name,
    killed: first?.name === name,
    runs: result.runs + (result.failure ? 1 : 0),
    evidence: first?.message ?? result.failure?.error,
  };
}

export const allMutants = mutantNames;

/** The report line of one mutant. */
export const verdictLine = (v: MutantVerdict): string => (v.killed ? `KILLED ${v.mutant} by ${v.invariant}` : `SURVIVED ${v.mutant}`);
