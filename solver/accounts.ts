// The accounts a question must consider beyond the known ones: those the relevant policies, grants and ACLs name,
// plus one representative of every other way an unnamed account can fare against the policies' conditions.
import type { PolicyDocument, State } from '../model/index.ts';
import { accountOfPrincipal } from './from-model.ts';
import type { Rx } from './regex.ts';
import { atom, cat, glob, lit, oneOf } from './regex.ts';
import type { Atom } from './regex.ts';
import { conditionLang, regionWitnesses } from './strings.ts';

const DIGITS = '0123456789';
const ACCOUNT_ID: Rx = cat(...Array.from({ length: 12 }, () => oneOf(DIGITS)));

/** Accounts named by Principal elements (an account id, or the account of a principal ARN). */
function accountsInPrincipals(doc: PolicyDocument): string[] {
  const out: string[] = [];
  for (const s of doc.statements) {
    for (const set of [s.principal, s.notPrincipal]) {
      for (const name of set?.aws ?? []) {
        const a = accountOfPrincipal(name);
        if (a) out.push(a);
      }
    }
  }
  return out;
}

/** Condition keys whose value is the caller's account (or starts with it, for ARNs). */
const ACCOUNT_KEYS = new Set(['kms:calleraccount', 'aws:principalaccount', 'aws:userid']);
const ARN_KEYS = new Set(['aws:principalarn']);

/** What the conditions of the policies test about an account id (the account segment of principal-ARN patterns too). */
function accountAtoms(docs: readonly PolicyDocument[]): Atom[] {
  const atoms: Atom[] = [];
  for (const doc of docs) {
    for (const s of doc.statements) {
      for (const c of s.conditions) {
        for (const v of c.values) {
          if (v.includes('${')) continue;
          if (ACCOUNT_KEYS.has(c.keyLower)) {
            const lang = conditionLang(c.operator, v);
            if (lang?.k === 'rx') atoms.push(atom(lang.rx));
          } else if (ARN_KEYS.has(c.keyLower)) {
            const segment = v.split(':')[4];
            if (segment !== undefined) atoms.push(atom(glob(segment)));
          }
        }
      }
    }
  }
  return atoms;
}

/**
 * The unknown accounts a question ranges over: every account not in the world that the resource-side policies, the
 * grants or the ACLs name, and one fresh account per region of the account tests the policies make (an account the
 * policies never name behaves, against them, like any other in its region).
 */
export function unknownAccounts(state: State, docs: readonly PolicyDocument[], named: readonly string[]): string[] {
  const known = new Set<string>(state.accounts);
  const mentioned = new Set<string>();
  for (const a of [...docs.flatMap(accountsInPrincipals), ...named]) if (/^\d{12}$/.test(a) && !known.has(a)) mentioned.add(a);
  const exclusions = [...known, ...mentioned].map((a) => atom(lit(a)));
  const fresh = regionWitnesses([atom(ACCOUNT_ID)], exclusions, accountAtoms(docs));
  return [...mentioned, ...fresh];
}
