// Invariants of KMS grants: each belongs to one key, a child is never wider than its parent, grants only add access.
import type { State } from '../model/index.ts';
import { atLeastAsStrict } from '../model/kms/grants.ts';
import { KEY_OPERATIONS, keysOfCall, succeedsIn } from './calls.ts';
import { withoutGrants } from './edits.ts';
import { defineInvariant } from './invariant.ts';

/** https://docs.aws.amazon.com/kms/latest/developerguide/grants.html — "Each grant allows access to exactly one KMS key". */
export const grantBelongsToExactlyOneKey = defineInvariant({
  name: 'grantBelongsToExactlyOneKey',
  claim: 'Every grant is stored on the one key it names, and grant ids are unique.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/grants.html',
  check: (s: State) => {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const key of Object.values(s.kms.keys)) {
      for (const g of Object.values(key.grants)) {
        if (g.keyArn !== key.arn) problems.push(`grant ${g.grantId} on ${key.arn} names ${g.keyArn}`);
        if (seen.has(g.grantId)) problems.push(`grant id ${g.grantId} appears twice`);
        seen.add(g.grantId);
      }
    }
    return problems;
  },
});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-creategrant — a grant made
 * through a grant has a subset of its parent's operations.
 */
export const childGrantNeverHasMoreOperations = defineInvariant({
  name: 'childGrantNeverHasMoreOperations',
  claim: 'A grant created through another grant never has an operation its parent lacks.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html',
  check: (s: State) =>
    Object.values(s.kms.keys).flatMap((key) =>
      Object.values(key.grants).flatMap((g) => {
        const parent = g.parentGrantId ? key.grants[g.parentGrantId] : undefined;
        if (!parent) return [];
        const extra = g.operations.filter((op) => !parent.operations.includes(op));
        return extra.length > 0 ? [`grant ${g.grantId} has ${extra.join(', ')} beyond its parent ${parent.grantId}`] : [];
      }),
    ),
});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-creategrant — a child grant's
 * encryption-context constraint must be equally strict or stricter than its parent's.
 */
export const childGrantNeverAcceptsMoreContexts = defineInvariant({
  name: 'childGrantNeverAcceptsMoreContexts',
  claim: 'A grant created through another grant never accepts an encryption context that its parent would refuse.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html',
  check: (s: State) =>
    Object.values(s.kms.keys).flatMap((key) =>
      Object.values(key.grants).flatMap((g) => {
        const parent = g.parentGrantId ? key.grants[g.parentGrantId] : undefined;
        if (!parent || atLeastAsStrict(s.config, parent.constraints, g.constraints)) return [];
        return [`grant ${g.grantId} accepts contexts its parent ${parent.grantId} refuses`];
      }),
    ),
});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html — "Grants are an alternative to key policies":
 * a grant only ever allows; "You cannot use a grant to deny permissions". So removing grants never adds access.
 */
export const grantsOnlyAdd = defineInvariant({
  name: 'grantsOnlyAdd',
  claim: 'A request that fails still fails when every grant on its keys is removed: grants only ever add access.',
  source: 'https://docs.aws.amazon.com/kms/latest/developerguide/grants.html',
  checkStep: (t) => {
    if (t.event.kind !== 'call' || t.event.outcome.ok || !KEY_OPERATIONS.has(t.event.call.op)) return [];
    const call = t.event.call;
    const keys = keysOfCall(t.before, call).filter((k) => Object.keys(k.grants).length > 0);
    if (keys.length === 0) return [];
    return succeedsIn(withoutGrants(t.before, keys), call) ? [`${call.op} by ${call.as} fails with the grants on ${keys.map((k) => k.arn).join(', ')}, but succeeds without them`] : [];
  },
});
