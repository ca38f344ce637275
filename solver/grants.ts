// KMS grants as an allow source over a symbolic request: model/kms/grants.ts `grantAllows` and its constraint
// semantics, mirrored function for function, with the encryption context and the grantee possibly symbolic.
import type { EncryptionContext, Grant, GrantConstraints, GrantOperation, Key, ModelConfig, State } from '../model/index.ts';
import { constraintsAccept, OPERATIONS_WITH_ENCRYPTION_CONTEXT } from './from-model.ts';
import type { Ec } from './ec.ts';
import { ecMembers, valueOfName, valueVar } from './ec.ts';
import { mutantOn } from './mutants.ts';
import type { SymPrincipal } from './principals.ts';
import { ignoreCaseLang, literalLang } from './strings.ts';
import type { Backend } from './variables.ts';
import { whole } from './variables.ts';

/** The request's encryption context: caller-chosen (symbolic), fixed (S3 sends the object's), or none. */
export type RequestEc = { readonly k: 'symbolic'; readonly ec: Ec } | { readonly k: 'fixed'; readonly context: EncryptionContext | undefined };

export interface SymbolicGrantQuery {
  readonly state: State;
  readonly key: Key;
  readonly principal: SymPrincipal;
  readonly operation: GrantOperation;
  readonly ec: RequestEc;
  /** The caller may pass any grant token (a direct KMS call); S3 calling for the caller passes none. */
  readonly tokensFree: boolean;
}

/** Mirror of `grantAllows`: some grant carries the operation, names the caller, is in effect and lets the request through. */
export function symbolicGrantAllows<B>(S: Backend<B>, q: SymbolicGrantQuery): B {
  if (mutantOn(S, 'grantsDropped')) return S.L.no;
  const { state, operation } = q;
  return S.L.any(grantsFor(q.key, operation, q.tokensFree ? undefined : state.now), (g) => {
    const named = granteeMatches(S, state.config, g.granteePrincipal, q.principal);
    // A grant that does not name the caller lets nothing through, whatever its constraints (the common case by far).
    if (S.L.isNo(named)) return S.L.no;
    return S.L.and(named, constraintsOnce(S, q.ec, g, operation, () => constraintsAllowRequest(S, state.config, g, operation, q.ec)));
  });
}

/** The key's grants that carry the operation and are in effect (`now` undefined: a grant token makes every grant usable). */
const usableGrants = new WeakMap<Key, Map<string, readonly Grant[]>>();

function grantsFor(key: Key, operation: GrantOperation, now: number | undefined): readonly Grant[] {
  const byQuery = usableGrants.get(key) ?? new Map<string, readonly Grant[]>();
  usableGrants.set(key, byQuery);
  const id = `${operation} ${now ?? 'any'}`;
  let grants = byQuery.get(id);
  if (!grants) {
    grants = Object.values(key.grants).filter((g) => g.operations.includes(operation) && (now === undefined || now >= g.visibleAt));
    byQuery.set(id, grants);
  }
  return grants;
}

/**
 * A grant's constraints on a request depend on the grant, the operation and the request's encryption context, not on
 * the caller: made once per backend and request (a question asks them for every principal).
 */
const constraintTerms = new WeakMap<object, WeakMap<object, Map<GrantOperation, WeakMap<Grant, unknown>>>>();

function constraintsOnce<B>(S: Backend<B>, ec: RequestEc, g: Grant, operation: GrantOperation, make: () => B): B {
  const forBackend = constraintTerms.get(S) ?? new WeakMap<object, Map<GrantOperation, WeakMap<Grant, unknown>>>();
  constraintTerms.set(S, forBackend);
  const request = ec.k === 'symbolic' ? ec.ec : ec;
  const byOperation = forBackend.get(request) ?? new Map<GrantOperation, WeakMap<Grant, unknown>>();
  forBackend.set(request, byOperation);
  const terms = byOperation.get(operation) ?? new WeakMap<Grant, unknown>();
  byOperation.set(operation, terms);
  if (!terms.has(g)) terms.set(g, make());
  return terms.get(g) as B;
}

/** Mirror of `granteeMatches` (config.grantAccountGranteeScope, INFERRED: an account grantee is its root user only). */
function granteeMatches<B>(S: Backend<B>, config: ModelConfig, grantee: string, principal: SymPrincipal): B {
  return config.grantAccountGranteeScope === 'rootUserOnly' ? principal.named(S, grantee) : S.L.no;
}

/** Mirror of `constraintsAllowRequest`: constraints bind only operations that carry an encryption context (§12.8 for CreateGrant). */
function constraintsAllowRequest<B>(S: Backend<B>, config: ModelConfig, g: Grant, operation: GrantOperation, ec: RequestEc): B {
  const binds = OPERATIONS_WITH_ENCRYPTION_CONTEXT.has(operation) || (operation === 'CreateGrant' && config.childCreateGrantChecksParentConstraint);
  return binds ? symbolicConstraintsAccept(S, config, g.constraints, ec) : S.L.yes;
}

/** Mirror of `constraintsAccept` (Equals: the same pairs; Subset: the grant's pairs are among the request's; both: both). */
export function symbolicConstraintsAccept<B>(S: Backend<B>, config: ModelConfig, c: GrantConstraints | undefined, ec: RequestEc): B {
  if (ec.k === 'fixed') return S.L.lit(constraintsAccept(config, c, ec.context));
  if (!c) return S.L.yes;
  const ci = config.grantConstraintKeysCaseInsensitive;
  const parts: B[] = [];
  if (c.encryptionContextEquals) parts.push(S.L.and(pairsWithinRequest(S, c.encryptionContextEquals, ec.ec, ci), requestWithin(S, ec.ec, c.encryptionContextEquals, ci)));
  if (c.encryptionContextSubset) parts.push(pairsWithinRequest(S, c.encryptionContextSubset, ec.ec, ci));
  return S.L.and(...parts);
}

const keyEquals = (a: string, b: string, ci: boolean): boolean => (ci ? a.toLowerCase() === b.toLowerCase() : a === b);

/** The request's value of a key name equals `v`. */
function valueIs<B>(S: Backend<B>, ec: Ec, name: string, v: string): B {
  return S.value(whole(valueOfName(ec, name)), [literalLang(v)], (x) => x === v);
}

/** Mirror of `pairIn(k, v, request)`: some request key equal to k (per config) has the value v. */
function pairInRequest<B>(S: Backend<B>, k: string, v: string, ec: Ec, ci: boolean): B {
  return S.L.any(ecMembers(S, ec), (m) => {
    if (m.name === undefined) {
      // Gathering pass: k is a key name the request may carry, v a value of it.
      S.value(whole(ec.names.values), [ci ? ignoreCaseLang(k) : literalLang(k)], () => false);
      S.value(whole(valueVar(ec, k.toLowerCase())), [literalLang(v)], () => false);
      return m.member;
    }
    return keyEquals(k, m.name, ci) ? S.L.and(m.member, valueIs(S, ec, m.name, v)) : S.L.no;
  });
}

/** Mirror of `pairsWithin(small, request)`. */
function pairsWithinRequest<B>(S: Backend<B>, small: EncryptionContext, ec: Ec, ci: boolean): B {
  return S.L.all(Object.entries(small), ([k, v]) => pairInRequest(S, k, v, ec, ci));
}

/** Mirror of `pairsWithin(request, big)`: every pair of the request is one of big's. */
function requestWithin<B>(S: Backend<B>, ec: Ec, big: EncryptionContext, ci: boolean): B {
  return S.L.all(ecMembers(S, ec), (m) => {
    if (m.name === undefined) return m.member;
    const matching = Object.entries(big).filter(([k]) => keyEquals(k, m.name!, ci));
    return S.L.or(S.L.not(m.member), S.L.any(matching, ([, v]) => valueIs(S, ec, m.name!, v)));
  });
}
