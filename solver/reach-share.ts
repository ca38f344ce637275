// Moves whose authorization is one and the same request up to the target's name: the same actor and IAM action, a
// target every Resource pattern of the world's policies treats alike, and the same condition keys. Their formulas are
// worked out once (the fixpoint, the bounded search), which keeps large worlds (every actor times every target) cheap.
import type { PolicyDocument } from '../model/index.ts';
import { anyArnMatches } from './from-model.ts';
import { actionSlice, awsManagedPolicyArns, BOUNDARY_KEY_ACTIONS, managedPolicy } from './reach-from-model.ts';
import type { Move, ReachWorld } from './reach-world.ts';

/** The identity-side documents of the world: every policy that could become a caller's identity policy, boundary or SCP. */
function worldDocuments(w: ReachWorld): PolicyDocument[] {
  const s = w.state;
  const inline = (r: Readonly<Record<string, { doc: PolicyDocument }>>) => Object.values(r).map((p) => p.doc);
  const attached = (arns: readonly string[]) => arns.flatMap((a) => managedPolicy(s, a)?.policy.doc ?? []);
  const scps = Object.values(s.organization?.policies ?? {}).map((p) => p.policy.doc);
  return [
    ...Object.values(s.iam.users).flatMap((u) => [...inline(u.inlinePolicies), ...attached([...u.attachedPolicies, ...(u.boundary ? [u.boundary] : [])])]),
    ...Object.values(s.iam.groups).flatMap((g) => [...inline(g.inlinePolicies), ...attached(g.attachedPolicies)]),
    ...Object.values(s.iam.roles).flatMap((r) => [...inline(r.inlinePolicies), ...attached([...r.attachedPolicies, ...(r.boundary ? [r.boundary] : [])])]),
    ...Object.values(s.iam.policies).map((p) => p.policy.doc),
    ...awsManagedPolicyArns().flatMap((a) => managedPolicy(s, a)?.policy.doc ?? []),
    ...scps,
  ];
}

/**
 * The targets whose requests the sharing covers: IAM calls, whose authorization reads no fact of the target. (An attach
 * call's formula reads its policy choice when a condition tests iam:PolicyARN: the bounded search shares a formula only
 * when it reads none of the move's own variables.)
 */
const SHARED_TARGETS = new Set(['identity', 'attach', 'boundary', 'trust', 'membership', 'createPolicy']);

/** Per IAM action: every Resource / NotResource pattern of the world's documents, or undefined when one holds a policy variable. */
export class ShareKeys {
  private readonly patterns = new Map<string, string[] | undefined>();
  private readonly docs: PolicyDocument[];

  constructor(private readonly w: ReachWorld) {
    this.docs = worldDocuments(w);
  }

  private patternsOf(action: string): string[] | undefined {
    if (this.patterns.has(action)) return this.patterns.get(action);
    const all = new Set<string>();
    let variable = false;
    for (const d of this.docs) {
      for (const st of actionSlice(d, action).statements) {
        for (const p of [...(st.resource ?? []), ...(st.notResource ?? [])]) {
          if (p.includes('${')) variable = true;
          all.add(p);
        }
      }
    }
    const out = variable ? undefined : [...all];
    this.patterns.set(action, out);
    return out;
  }

  /**
   * The key of a move's request (same key: same decision in every state), or undefined when it is the move's own: the
   * actor, the action, which patterns match the target, and the condition key the target sets (its boundary).
   */
  keyOf(m: Move): string | undefined {
    if (!SHARED_TARGETS.has(m.target.k)) return undefined;
    const patterns = this.patternsOf(m.action);
    if (!patterns) return undefined;
    const bits = patterns.map((p) => (anyArnMatches([p], m.resource) ? '1' : '0')).join('');
    const entity = this.w.state.iam.users[m.resource] ?? this.w.state.iam.roles[m.resource];
    const boundary = entity && BOUNDARY_KEY_ACTIONS.has(m.action) ? (entity.boundary ?? '') : '';
    return `${m.actor.index}|${m.action}|${bits}|${boundary}`;
  }
}
