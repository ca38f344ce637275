// Metamorphic laws of the decision, on real steps: adding an Allow never removes access, adding a Deny never adds
// access, and the order of a key policy's statements never matters.
import { step } from '../model/index.ts';
import type { Statement } from '../model/index.ts';
import { answerOf, keyAccessOf, transitionHash } from './calls.ts';
import type { KeyAccess } from './calls.ts';
import { documentOf, withKeyStatements } from './edits.ts';
import { defineInvariant } from './invariant.ts';
import type { Transition } from './invariant.ts';

const EVALUATION_LOGIC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';

/** A key-policy statement from its JSON. */
const statementOf = (json: object, key: string): Statement => documentOf({ Version: '2012-10-17', Statement: [json] }, 'keyPolicy', key).statements[0]!;

/** Another account of the world than the key's (or the key's own when there is none). */
function otherAccount(t: Transition, a: KeyAccess, h: number): string {
  const others = t.before.accounts.filter((x) => x !== a.keys[0]!.account);
  return others.length > 0 ? others[h % others.length]! : a.keys[0]!.account;
}

/** The Sid of an existing statement of the first key (to collide with), or a fresh one. */
function sidFor(a: KeyAccess, h: number): string {
  const sids = a.keys[0]!.policy.doc.statements.map((s) => s.sid).filter((s): s is string => s !== undefined);
  return (h >> 3) % 2 === 0 && sids.length > 0 ? sids[(h >> 4) % sids.length]! : 'keyward-probe';
}

/** An Allow statement that may or may not apply to the request (varied by the step). */
function extraAllow(t: Transition, a: KeyAccess, h: number): Statement {
  const principal = [`arn:aws:iam::${otherAccount(t, a, h)}:root`, a.call.as, '*'][h % 3]!;
  const action = ['kms:Decrypt', 'kms:*', 'kms:DescribeKey', 'kms:ListGrants'][(h >> 5) % 4]!;
  const sid = sidFor(a, h);
  return statementOf({ Sid: sid, Effect: 'Allow', Principal: { AWS: principal }, Action: action, Resource: '*' }, `allow ${sid}|${principal}|${action}`);
}

/** A Deny statement, usually one that does not apply to the request (so that it must change nothing). */
function extraDeny(t: Transition, a: KeyAccess, h: number): Statement {
  const shapes = [
    { Principal: { AWS: `arn:aws:iam::${otherAccount(t, a, h)}:root` }, Action: 'kms:*' },
    { Principal: { AWS: '*' }, Action: 'kms:*', Condition: { StringEquals: { 'aws:PrincipalTag/keyward-probe': 'never' } } },
    { Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion' },
    { Principal: { AWS: '*' }, Action: a.actions },
  ];
  const shape = h % shapes.length;
  const sid = sidFor(a, h);
  return statementOf({ Sid: sid, Effect: 'Deny', Resource: '*', ...shapes[shape] }, `deny ${sid}|${shape}|${otherAccount(t, a, h)}|${a.actions.join(',')}`);
}

/** The statements with one more, at a position that depends on the step (often first). */
function inserted(ss: readonly Statement[], s: Statement, h: number): Statement[] {
  const at = (h >> 7) % 2 === 0 ? 0 : (h >> 8) % (ss.length + 1);
  return [...ss.slice(0, at), s, ...ss.slice(at)];
}

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — allows only ever add to what is allowed. */
export const addingAnAllowNeverRemovesAccess = defineInvariant({
  name: 'addingAnAllowNeverRemovesAccess',
  claim: 'A request that succeeds still succeeds when an Allow statement is added to the key policy, wherever it is added.',
  source: EVALUATION_LOGIC,
  checkStep: (t) => {
    const a = keyAccessOf(t);
    if (!a || !a.ok) return [];
    const h = transitionHash(t);
    const wider = withKeyStatements(t.before, a.keys, (ss) => inserted(ss, extraAllow(t, a, h), h));
    return step(wider, a.call).outcome.ok ? [] : [`${a.call.op} by ${a.call.as} fails once an Allow statement is added to the key policy`];
  },
});

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — a Deny can only take away. */
export const addingADenyNeverAddsAccess = defineInvariant({
  name: 'addingADenyNeverAddsAccess',
  claim: 'A request that fails still fails when a Deny statement is added to the key policy, wherever it is added.',
  source: EVALUATION_LOGIC,
  checkStep: (t) => {
    const a = keyAccessOf(t);
    if (!a || a.ok) return [];
    const h = transitionHash(t);
    const narrower = withKeyStatements(t.before, a.keys, (ss) => inserted(ss, extraDeny(t, a, h), h));
    return step(narrower, a.call).outcome.ok ? [`${a.call.op} by ${a.call.as} succeeds once a Deny statement is added to the key policy`] : [];
  },
});

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html — every statement is evaluated; their order plays no part. */
export const statementOrderNeverMatters = defineInvariant({
  name: 'statementOrderNeverMatters',
  claim: "Reversing the order of a key policy's statements never changes the answer to a request.",
  source: EVALUATION_LOGIC,
  checkStep: (t) => {
    const a = keyAccessOf(t);
    if (!a || t.event.kind !== 'call' || a.keys.every((k) => k.policy.doc.statements.length < 2)) return [];
    const reversed = withKeyStatements(t.before, a.keys, (ss) => [...ss].reverse());
    const [got, flipped] = [answerOf(t.event.outcome), answerOf(step(reversed, a.call).outcome)];
    return got === flipped ? [] : [`${a.call.op} by ${a.call.as} answers ${got}, but ${flipped} with the key policy's statements reversed`];
  },
});
