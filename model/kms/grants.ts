// KMS grants as an allow source: grantee matching, visibility and tokens, constraint semantics, parent/child strictness.
import { rootArn } from '../arn.ts';
import type { Arn } from '../arn.ts';
import type { Caller } from '../authz/caller.ts';
import type { ModelConfig } from '../config.ts';
import type { EncryptionContext, Grant, GrantConstraints, GrantOperation, Key, KeySpec, KeyUsage, State } from '../state.ts';

export interface GrantQuery {
  readonly state: State;
  readonly key: Key;
  readonly caller: Caller;
  /** The grant operation the request needs (Decrypt, ReEncryptFrom, CreateGrant, ...). */
  readonly operation: GrantOperation;
  /**
   * The request's encryption context (undefined for operations that take none). For CreateGrant: the encryption
   * context of the requested grant's constraint (what kms:EncryptionContext:* means for CreateGrant, conditions-kms).
   */
  readonly encryptionContext: EncryptionContext | undefined;
  /** Grant tokens passed with the request (make a not-yet-visible grant effective). */
  readonly grantTokens: readonly string[];
}

/** Does some grant on the key allow this request? */
export function grantAllows(q: GrantQuery): boolean {
  const { state, caller, operation } = q;
  const byGrantee = grantsByGrantee(q.key.grants);
  for (const name of granteeNamesOf(caller)) {
    for (const g of byGrantee.get(name) ?? []) {
      if (
        g.operations.includes(operation) &&
        granteeMatches(state.config, g.granteePrincipal, caller) &&
        grantIsEffective(g, state.now, q.grantTokens) &&
        constraintsAllowRequest(state.config, g, operation, q.encryptionContext)
      ) {
        return true;
      }
    }
  }
  return false;
}

/** The grantee names under which a grant can name the caller (see principalNamesCaller). */
function granteeNamesOf(caller: Caller): readonly string[] {
  switch (caller.kind) {
    case 'anonymous':
      return [];
    case 'root':
      return [caller.arn, caller.account];
    case 'user':
      return [caller.arn];
    case 'session':
      return [caller.arn, caller.role.arn];
  }
}

/** A key's grants indexed by grantee, made once per grants record (records are immutable: a change makes a new one). */
const granteeIndexes = new WeakMap<object, ReadonlyMap<string, readonly Grant[]>>();
function grantsByGrantee(grants: Key['grants']): ReadonlyMap<string, readonly Grant[]> {
  let index = granteeIndexes.get(grants);
  if (!index) {
    const built = new Map<string, Grant[]>();
    for (const g of Object.values(grants)) {
      const list = built.get(g.granteePrincipal);
      if (list) list.push(g);
      else built.set(g.granteePrincipal, [g]);
    }
    index = built;
    granteeIndexes.set(grants, index);
  }
  return index;
}

/**
 * The grants on a key that the caller holds and that are in effect for this request: its grantee is the caller, and it
 * has propagated or one of its tokens came with the request.
 */
export function effectiveGrantsFor(state: State, key: Key, caller: Caller, grantTokens: readonly string[]): Grant[] {
  const out: Grant[] = [];
  for (const g of Object.values(key.grants)) {
    if (granteeMatches(state.config, g.granteePrincipal, caller) && grantIsEffective(g, state.now, grantTokens)) out.push(g);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Who a grant names

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-grantee-principal — "Each grant has one
 * grantee principal, but the grantee principal can represent multiple identities": a role ARN covers the role's
 * sessions; a session ARN, a user ARN name exactly that identity. An account (root ARN or bare id) is used by the
 * account's root user only (config.grantAccountGranteeScope, INFERRED).
 */
export function principalNamesCaller(named: string, caller: Caller): boolean {
  switch (caller.kind) {
    case 'anonymous':
      return false;
    case 'root':
      return named === caller.arn || named === caller.account;
    case 'user':
      return named === caller.arn;
    case 'session':
      return named === caller.arn || named === caller.role.arn;
  }
}

export const granteeMatches = (config: ModelConfig, grantee: string, caller: Caller): boolean =>
  config.grantAccountGranteeScope === 'rootUserOnly' && principalNamesCaller(grantee, caller);

/** The account a principal named in a grant belongs to (`arn:aws:iam::A:...`, `arn:aws:sts::A:...`, or a bare id). */
export function accountOfPrincipal(named: string): string | undefined {
  if (/^\d{12}$/.test(named)) return named;
  const m = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(named);
  return m ? m[1] : undefined;
}

/** Does a principal name an account as a whole (root ARN or bare account id)? */
export const namesAccount = (named: string): boolean => /^\d{12}$/.test(named) || /^arn:aws[\w-]*:iam::\d{12}:root$/.test(named);

/** The key owner's root ARN: a grant's IssuingAccount (KMS-API GrantListEntry). */
export const issuingAccountOf = (key: Key): Arn => rootArn(key.account);

// ---------------------------------------------------------------------------------------------------------------------
// Eventual consistency and grant tokens

/** Every token that identifies a grant (the first one, and those returned by idempotent retries). */
export const tokensOf = (g: Grant): readonly string[] => (g.reissuedTokens ? [g.grantToken, ...g.reissuedTokens] : [g.grantToken]);

/** The grant (and its key, in the state's Region) that a grant token stands for. */
export function grantOfToken(state: State, token: string): { readonly key: Key; readonly grant: Grant } | undefined {
  for (const key of Object.values(state.kms.keys)) {
    if (key.region !== state.region) continue;
    const grant = Object.values(key.grants).find((g) => tokensOf(g).includes(token));
    if (grant) return { key, grant };
  }
  return undefined;
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-eventual-consistency — a new grant may not be
 * usable until it propagates ("usually less than five minutes"); https://docs.aws.amazon.com/kms/latest/developerguide/using-grant-token.html
 * — "To use the permissions in a new grant immediately, use a grant token". visibleAt = createdAt + grantPropagationSeconds.
 */
export function grantIsEffective(g: Grant, now: number, grantTokens: readonly string[]): boolean {
  if (now >= g.visibleAt) return true;
  return grantTokens.length > 0 && tokensOf(g).some((t) => grantTokens.includes(t));
}

// ---------------------------------------------------------------------------------------------------------------------
// Constraint semantics

/**
 * The grant operations whose requests carry an encryption context (https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-constraints:
 * "The encryption context constraint is ignored for DescribeKey and RetireGrant operations"; only symmetric
 * cryptographic operations take an EncryptionContext parameter, spec §5).
 */
export const OPERATIONS_WITH_ENCRYPTION_CONTEXT: ReadonlySet<GrantOperation> = new Set<GrantOperation>([
  'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
]);

/** Is the pair (k, v) in the map? Keys per config (case-insensitive per the API Reference), values case-sensitive. */
function pairIn(k: string, v: string, map: EncryptionContext, keysCaseInsensitive: boolean): boolean {
  if (!keysCaseInsensitive) return Object.hasOwn(map, k) && map[k] === v;
  const lk = k.toLowerCase();
  for (const [mk, mv] of Object.entries(map)) if (mv === v && mk.toLowerCase() === lk) return true;
  return false;
}

/** Every pair of `small` occurs in `big`. */
export function pairsWithin(small: EncryptionContext, big: EncryptionContext, keysCaseInsensitive: boolean): boolean {
  for (const [k, v] of Object.entries(small)) if (!pairIn(k, v, big, keysCaseInsensitive)) return false;
  return true;
}

/** Both maps hold exactly the same pairs (order irrelevant). */
export const samePairs = (a: EncryptionContext, b: EncryptionContext, ci: boolean): boolean => pairsWithin(a, b, ci) && pairsWithin(b, a, ci);

/**
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html and create-grant-overview#grant-constraints:
 * - EncryptionContextEquals: "the encryption context pairs in the request are an exact ... match" (same pairs, any order);
 * - EncryptionContextSubset: "the request include all encryption context pairs in the grant constraint ... but the request
 *   can also have additional encryption context pairs";
 * - the key of each pair is not case sensitive, the value is (API Reference; config.grantConstraintKeysCaseInsensitive);
 * - both constraints on one grant: both must hold (§12.7, config.grantBothConstraints). A request without a context
 *   has the empty context.
 */
export function constraintsAccept(config: ModelConfig, c: GrantConstraints | undefined, requestContext: EncryptionContext | undefined): boolean {
  if (!c) return true;
  const ci = config.grantConstraintKeysCaseInsensitive;
  const req = requestContext ?? {};
  if (c.encryptionContextEquals && !samePairs(c.encryptionContextEquals, req, ci)) return false;
  if (c.encryptionContextSubset && !pairsWithin(c.encryptionContextSubset, req, ci)) return false;
  return true;
}

/**
 * Do a grant's constraints let this operation through? Constraints apply only to operations that take an encryption
 * context (create-grant-overview#grant-constraints). For CreateGrant they restrict the child grant instead (checked by
 * `childWithinParent`); whether the CreateGrant request itself must also satisfy them is §12.8
 * (config.childCreateGrantChecksParentConstraint), the request's context then being the child constraint's pairs.
 */
export function constraintsAllowRequest(config: ModelConfig, g: Grant, operation: GrantOperation, requestContext: EncryptionContext | undefined): boolean {
  if (OPERATIONS_WITH_ENCRYPTION_CONTEXT.has(operation)) return constraintsAccept(config, g.constraints, requestContext);
  if (operation === 'CreateGrant' && config.childCreateGrantChecksParentConstraint) return constraintsAccept(config, g.constraints, requestContext);
  return true;
}

// ---------------------------------------------------------------------------------------------------------------------
// Parent/child strictness

/**
 * The set of encryption contexts a constraint accepts, in closed form: all contexts, none, exactly one context, or the
 * contexts that contain some pairs.
 */
export type AcceptedContexts =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'exactly'; readonly pairs: EncryptionContext }
  | { readonly kind: 'containing'; readonly pairs: EncryptionContext };

/** The accepted set of a grant's constraints (both constraints: {E} when S ⊆ E, else nothing; §12.7 'and'). */
export function acceptedContexts(config: ModelConfig, c: GrantConstraints | undefined): AcceptedContexts {
  const eq = c?.encryptionContextEquals;
  const sub = c?.encryptionContextSubset;
  if (eq && sub) return pairsWithin(sub, eq, config.grantConstraintKeysCaseInsensitive) ? { kind: 'exactly', pairs: eq } : { kind: 'none' };
  if (eq) return { kind: 'exactly', pairs: eq };
  if (sub) return Object.keys(sub).length === 0 ? { kind: 'all' } : { kind: 'containing', pairs: sub };
  return { kind: 'all' };
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-creategrant — "The grant
 * constraints in the grants they create must be at least as strict as those in the parent grant ... the child grant can
 * add pairs to an EncryptionContextSubset constraint in the parent grant, but it cannot remove them. The child grant can
 * change an EncryptionContextSubset constraint to an EncryptionContextEquals constraint, but not the reverse."
 * Formalised (spec §4.4, INFERRED): the contexts the child accepts ⊆ the contexts the parent accepts, i.e.
 * Subset(p)→Subset(c) iff p ⊆ c; Subset(p)→Equals(c) iff p ⊆ c; Equals(p)→Equals(c) iff c = p; Equals→Subset never;
 * a constrained parent → an unconstrained child never; an unconstrained parent → any child.
 */
export function atLeastAsStrict(config: ModelConfig, parent: GrantConstraints | undefined, child: GrantConstraints | undefined): boolean {
  const ci = config.grantConstraintKeysCaseInsensitive;
  const p = acceptedContexts(config, parent);
  const c = acceptedContexts(config, child);
  if (c.kind === 'none' || p.kind === 'all') return true;
  if (p.kind === 'none' || c.kind === 'all') return false;
  if (p.kind === 'exactly') return c.kind === 'exactly' && samePairs(c.pairs, p.pairs, ci);
  return pairsWithin(p.pairs, c.pairs, ci);
}

/** What a CreateGrant request asks for, as far as the parent/child rule is concerned. */
export interface ChildGrantRequest {
  readonly operations: readonly GrantOperation[];
  readonly constraints: GrantConstraints | undefined;
}

/**
 * create-grant-overview#grant-creategrant — a grantee who gets CreateGrant from a grant "can only create grants that
 * allow some or all of the operations in the parent grant", with constraints "at least as strict".
 */
export function childWithinParent(config: ModelConfig, parent: Grant, child: ChildGrantRequest): boolean {
  // (Seeded mutants childGrantOperationsUnchecked / childGrantConstraintsUnchecked, model/mutants.ts, drop one test.)
  return (
    parent.operations.includes('CreateGrant') &&
    (child.operations.every((op) => parent.operations.includes(op)) || config.mutant === 'childGrantOperationsUnchecked') &&
    (atLeastAsStrict(config, parent.constraints, child.constraints) || config.mutant === 'childGrantConstraintsUnchecked')
  );
}

/** The encryption context a CreateGrant request carries for kms:EncryptionContext:* — its constraint's pairs. */
export function constraintContext(c: GrantConstraints | undefined): EncryptionContext | undefined {
  if (!c || (!c.encryptionContextEquals && !c.encryptionContextSubset)) return undefined;
  return { ...c.encryptionContextSubset, ...c.encryptionContextEquals };
}

/**
 * The first grant (in creation order) through which the caller may create this child grant: one the caller holds, in
 * effect for this request, carrying CreateGrant, and wide enough for the child. Undefined when none is.
 */
export function parentGrantFor(state: State, key: Key, caller: Caller, child: ChildGrantRequest, grantTokens: readonly string[]): Grant | undefined {
  const requestContext = constraintContext(child.constraints);
  return effectiveGrantsFor(state, key, caller, grantTokens).find(
    (g) => childWithinParent(state.config, g, child) && constraintsAllowRequest(state.config, g, 'CreateGrant', requestContext),
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Which operations a key's grants may carry

const ALWAYS: readonly GrantOperation[] = ['CreateGrant', 'RetireGrant', 'DescribeKey'];
const SYMMETRIC_ENCRYPTION: readonly GrantOperation[] = [
  'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
];

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-grant-operations — "The grant operations that
 * you allow must be supported by the KMS key in the grant ... grants for symmetric encryption KMS keys cannot allow the
 * Sign, Verify, GenerateMac or VerifyMac operations. Grants for asymmetric KMS keys cannot allow any operations that
 * generate data keys or data key pairs." Per key usage, the operations each key type supports (spec §2).
 */
export function grantableOperations(keySpec: KeySpec, keyUsage: KeyUsage): readonly GrantOperation[] {
  switch (keyUsage) {
    case 'ENCRYPT_DECRYPT':
      return keySpec === 'SYMMETRIC_DEFAULT'
        ? [...ALWAYS, ...SYMMETRIC_ENCRYPTION]
        : [...ALWAYS, 'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey'];
    case 'SIGN_VERIFY':
      return [...ALWAYS, 'Sign', 'Verify', 'GetPublicKey'];
    case 'GENERATE_VERIFY_MAC':
      return [...ALWAYS, 'GenerateMac', 'VerifyMac'];
    case 'KEY_AGREEMENT':
      return [...ALWAYS, 'DeriveSharedSecret', 'GetPublicKey'];
  }
}

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-constraints-ec — "Encryption
 * context constraints are valid only in a grant for a symmetric encryption KMS key."
 */
export const acceptsContextConstraints = (key: Key): boolean => key.keySpec === 'SYMMETRIC_DEFAULT' && key.keyUsage === 'ENCRYPT_DECRYPT';
