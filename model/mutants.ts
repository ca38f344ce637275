// Seeded mutants: deliberately broken variants of single rules, for testing the invariant catalogue (npm run mutants).
// `config.mutant` names at most one; production leaves it undefined, and every site reads it where its rule lives.

/**
 * Every mutant, by name, with the rule it breaks. properties/mutants.ts names the invariant that must reject each one;
 * the site of each is the function that implements the rule (search the model for the mutant's name).
 */
export const MUTANTS = {
  pendingWindowUnchecked: 'ScheduleKeyDeletion accepts any PendingWindowInDays from 1 to 365 (the 7..30 check is off)',
  deletionRunsADayLate: 'time passing deletes a key one day after its deletion date',
  deletionRunsADayEarly: 'time passing deletes a key one day before its deletion date',
  deletedKeyLingersDisabled: 'a key reaching its deletion date is recorded as deleted but stays, Disabled',
  deletionKeepsAliases: 'deleting a key leaves its aliases in place',
  cancelDeletionReEnables: 'CancelKeyDeletion leaves the key Enabled instead of Disabled',
  enabledFlagTrueUnlessDisabled: 'DescribeKey reports Enabled true for every key that is not Disabled',
  keyStateIgnoredForCrypto: 'cryptographic operations skip the key-state check for Disabled and PendingDeletion keys',
  pendingDeletionFreezesKey: 'a key pending deletion refuses every operation but CancelKeyDeletion',
  s3ServesObjectsOfDeletedKeys: 'S3 reads an SSE-KMS object whose key was deleted from a cached data key',
  rotationDiscardsOldMaterial: 'rotation replaces the key material instead of adding a version',
  encryptBindsNoContext: 'encryption ignores the encryption context (nothing is bound)',
  keyPolicyDenyIgnored: 'Deny statements of key policies are ignored',
  identityDenyIgnored: 'Deny statements of IAM identity policies are ignored',
  scpDenyIgnored: 'Deny statements of service control policies are ignored',
  boundaryDenyIgnored: 'Deny statements of permissions boundaries are ignored',
  sessionDenyIgnored: 'Deny statements of session policies are ignored',
  grantBypassesDeny: 'a grant that allows the request skips the policy evaluation, explicit denies included',
  rootBypassesKeyPolicy: "the root user of the key's account may do anything with the key, whatever the key policy says",
  keyPolicyAlwaysDelegates: "every key policy is read as if it delegated to its account's IAM policies",
  foreignKeysNeedNoIamAllow: "the caller's IAM policies are read as allowing every key of another account",
  callerAccountTakenFromKey: "the caller's account is read from the key ARN, so every request looks same-account",
  sameSidStatementsOverwrite: 'a key-policy statement replaces an earlier statement with the same Sid',
  onlyFirstDenyCounts: 'only the first Deny statement of a key policy is evaluated',
  onlyFirstAllowCounts: 'only the first Allow statement of a key policy is evaluated',
  lockoutCheckSkipped: 'PutKeyPolicy and CreateKey skip the lockout safety check',
  grantIdFromGrantee: 'a new grant id is derived from the grantee principal instead of drawn fresh',
  childGrantOperationsUnchecked: 'a grant created through a grant may have operations its parent lacks',
  childGrantConstraintsUnchecked: 'a grant created through a grant may have a looser encryption-context constraint than its parent',
  grantReplacesPolicyForGrantee: 'for a grantee, the grants on a key replace the key policy instead of adding to it',
  defaultEncryptionRewritesObjects: "PutBucketEncryption relabels the bucket's existing objects with the new default",
  anonymousReadsDecryptAsBucketOwner: "S3 serves anonymous reads of SSE-KMS objects, decrypting as the bucket owner",
  s3IgnoresKeyState: 'S3 decrypts data keys without checking the KMS key state',
  s3SkipsKmsDecrypt: 'S3 decrypts data keys of Enabled keys without asking KMS to authorize the caller',
  trailOmitsKeyPolicyChanges: 'CloudTrail records no PutKeyPolicy event',
  trailOmitsResponseElements: 'CloudTrail records every event without its responseElements',
  metricFilterIgnoresPattern: "a metric filter publishes its metric value for every event, matching or not",
} as const satisfies Readonly<Record<string, string>>;

export type MutantName = keyof typeof MUTANTS;

export const mutantNames = (): MutantName[] => Object.keys(MUTANTS) as MutantName[];
