// Every "no" of canAnyoneElse on the differential campaign's small worlds is cross-checked by brute force: every
// principal of a finite scope (the world's, fresh role sessions, an unknown account's) times every request context
// built from the values the world's policies and grants mention is replayed through model/, and none may succeed.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { PolicyDocument, State } from '../../model/index.ts';
import type { RequestWitness } from '../../solver/index.ts';
import { canAnyoneElse, requestAllowed, shutdownZ3 } from '../../solver/index.ts';
import { fuzzParams } from '../support/params.ts';
import { FRESH, LIVE, ROLE, U0, UB, world, worldOf } from './campaign.ts';
import { A, EXTERNAL, ROOT_A, ROOT_B } from './world.ts';

afterAll(shutdownZ3);

const ASSUMER = `arn:aws:iam::${A}:user/assumer`;
const OTHER_SESSION = `arn:aws:sts::${A}:assumed-role/R/someone-else`;
const SCOPE_PRINCIPALS = [ROOT_A, ROOT_B, U0, `arn:aws:iam::${A}:user/u1`, UB, ASSUMER, LIVE, FRESH, OTHER_SESSION, rootOf(EXTERNAL), `arn:aws:iam::${EXTERNAL}:user/someone`];
const EC_ACTIONS = new Set(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);

function rootOf(account: string): string {
  return `arn:aws:iam::${account}:root`;
}

const question = fc.record({
  action: fc.constantFrom('kms:Decrypt', 'kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'),
  except: fc.subarray([ROOT_A, ROOT_A, U0, ROLE, UB, ROOT_B]).map((xs) => [...new Set(xs)]),
});

/** Is the principal one of the excepted ones, or a session of an excepted role (SCENARIOS.md canAnyoneElse)? */
const excepted = (arn: string, except: readonly string[]): boolean =>
  except.includes(arn) || (arn.startsWith(`arn:aws:sts::${A}:assumed-role/R/`) && except.includes(ROLE));

// ---------------------------------------------------------------------------------------------------------------------
// The scope: values drawn from the policies

/** Every policy document of the world that can bear on a key request: the key policy and the identity policies. */
function documents(state: State, key: string): PolicyDocument[] {
  const k = Object.values(state.kms.keys).find((x) => x.arn === key)!;
  const inline = [...Object.values(state.iam.users), ...Object.values(state.iam.roles)].flatMap((p) => Object.values(p.inlinePolicies).map((s) => s.doc));
  return [k.policy.doc, ...inline];
}

/** The values the policies test each condition key (lower-cased) against, wildcards made concrete, in both cases. */
function testedValues(docs: readonly PolicyDocument[], users: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const doc of docs) {
    for (const s of doc.statements) {
      for (const test of s.conditions) {
        const values = out.get(test.keyLower) ?? new Set<string>();
        for (const v of test.values) {
          const concrete = v.includes('${aws:username}') ? users.map((u) => v.replaceAll('${aws:username}', u)) : [v.replace(/[*?]/g, '1')];
          for (const c of concrete) for (const x of [c, c.toLowerCase(), c.toUpperCase()]) values.add(x);
        }
        out.set(test.keyLower, values);
      }
    }
  }
  return out;
}

const EC_PREFIX = 'kms:encryptioncontext:';

/** Encryption contexts of at most two pairs (never two spellings of one key: solver/README.md "Limitations"). */
function encryptionContexts(tested: Map<string, Set<string>>, grantPairs: readonly [string, string][]): Record<string, string>[] {
  const values = new Map<string, Set<string>>();
  const add = (k: string, v: string) => values.set(k, (values.get(k) ?? new Set()).add(v));
  for (const [key, vs] of tested) if (key.startsWith(EC_PREFIX)) for (const v of vs) add(key.slice(EC_PREFIX.length), v);
  for (const k of tested.get('kms:encryptioncontextkeys') ?? []) add(k, 'zz');
  for (const [k, v] of grantPairs) add(k, v);
  const pairs = [...values].flatMap(([k, vs]) => [...vs, 'zz'].map((v): [string, string] => [k, v]));
  const out: Record<string, string>[] = [{}];
  pairs.forEach(([k, v], i) => {
    out.push({ [k]: v });
    for (const [k2, v2] of pairs.slice(i + 1)) if (k2.toLowerCase() !== k.toLowerCase()) out.push({ [k]: v, [k2]: v2 });
  });
  return out;
}

/** An optional key: absent, each tested value, and one value no policy mentions. */
const optionalValues = (tested: Map<string, Set<string>>, key: string, other: string): (string | undefined)[] => [undefined, ...(tested.get(key) ?? []), other];

/** Every request context of the scope for the action. */
function contexts(state: State, key: string, action: string): Record<string, string>[] {
  const users = Object.values(state.iam.users).map((u) => u.name);
  const tested = testedValues(documents(state, key), users);
  const k = Object.values(state.kms.keys).find((x) => x.arn === key)!;
  const grantPairs = Object.values(k.grants).flatMap((g) => Object.entries({ ...g.constraints?.encryptionContextEquals, ...g.constraints?.encryptionContextSubset }));
  const ecs = EC_ACTIONS.has(action) ? encryptionContexts(tested, grantPairs) : [{}];
  const out: Record<string, string>[] = [];
  for (const vpce of optionalValues(tested, 'aws:sourcevpce', 'vpce-zz'))
    for (const via of optionalValues(tested, 'kms:viaservice', 'zz.us-east-1.amazonaws.com'))
      for (const tls of ['true', 'false'])
        for (const ec of ecs) {
          const c: Record<string, string> = { 'aws:SecureTransport': tls };
          if (vpce !== undefined) c['aws:SourceVpce'] = vpce;
          if (via !== undefined) Object.assign(c, { 'kms:ViaService': via, 'aws:ViaAWSService': 'true' });
          if (action === 'kms:Decrypt' || action === 'kms:Encrypt') c['kms:EncryptionAlgorithm'] = 'SYMMETRIC_DEFAULT';
          for (const [ek, ev] of Object.entries(ec)) c[`kms:EncryptionContext:${ek}`] = ev;
          out.push(c);
        }
  return out;
}

/** The first request of the scope, by a principal not excepted, that model/ allows. */
function allowedInScope(state: State, key: string, action: string, except: readonly string[]): { found?: RequestWitness; tried: number } {
  let tried = 0;
  const cs = contexts(state, key, action);
  for (const principal of SCOPE_PRINCIPALS.filter((p) => !excepted(p, except))) {
    for (const context of cs) {
      const request = { principal, action, resource: key, context };
      tried++;
      if (requestAllowed(state, request).allowed) return { found: request, tried };
    }
  }
  return { tried };
}

describe('canAnyoneElse "no" holds for every concrete request of a finite scope', () => {
  // SCENARIOS.md canAnyoneElse: "no" claims that no principal other than the excepted ones can, with any context. The
  // solver's "no" is a proof over its abstraction; this checks it, by brute force, on the requests a finite scope has.
  it('no request of the scope succeeds where the solver says "no"; a "yes" comes with a witness model/ allows', async () => {
    const seen = { yes: 0, no: 0, requests: 0 };
    await fc.assert(
      fc.asyncProperty(world, question, async (w, q) => {
        const { kw, key } = worldOf(w);
        const answer = await canAnyoneElse(kw.state, q.action, key, q.except);
        if (answer.kind === 'yes') {
          expect(excepted(answer.witness.principal, q.except)).toBe(false);
          expect(requestAllowed(kw.state, answer.witness).allowed).toBe(true);
          seen.yes++;
          return;
        }
        expect(answer.kind, JSON.stringify(answer)).toBe('no');
        const { found, tried } = allowedInScope(kw.state, key, q.action, q.except);
        seen.requests += tried;
        expect(found, `the solver says nobody but ${q.except.join(', ')} can ${q.action}, yet model/ allows ${JSON.stringify(found)} (key policy ${JSON.stringify(w.keyPolicy)})`).toBeUndefined();
        seen.no++;
      }),
      fuzzParams(40),
    );
    if (process.env['SOLVER_DIFF_LOG']) console.log(seen);
    // A cross-check that never sees both answers checks nothing.
    expect(seen.yes).toBeGreaterThan(5);
    expect(seen.no).toBeGreaterThan(5);
    expect(seen.requests).toBeGreaterThan(1000);
  });
});
