// The epilogue of `keyward demo`: what the watching saw — notifications the SNS topics delivered, and AWS Config's verdicts.
import type { State } from '../model/index.ts';
import { evaluateRule } from '../model/awsconfig/rules.ts';

const clock = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');

/** One line per notification each topic delivered, oldest first. */
function notificationLines(state: State): string[] {
  return Object.values(state.monitoring.topics).flatMap((topic) => {
    if (topic.notifications.length === 0) return [];
    const head = `SNS topic ${topic.name} delivered ${topic.notifications.length} notification(s):`;
    return [head, ...topic.notifications.map((n) => `  ${clock(n.at)}  ${n.subject || '(no subject)'}`)];
  });
}

/** Each Config rule's verdicts over the final state, non-compliant resources named. */
function complianceLines(state: State): string[] {
  return Object.values(state.monitoring.configRules).flatMap((rule) => {
    const results = evaluateRule(state, rule) ?? [];
    const failing = results.filter((r) => r.complianceType === 'NON_COMPLIANT').map((r) => r.resourceId);
    const compliant = results.filter((r) => r.complianceType === 'COMPLIANT').length;
    const verdict = failing.length > 0 ? `${failing.length} non-compliant (${failing.join(', ')})` : 'none non-compliant';
    return [`AWS Config rule ${rule.name}: ${compliant} compliant, ${verdict}`];
  });
}

/** The epilogue's lines; none when the scenario set up no watching. */
export function watchingLines(state: State): string[] {
  const lines = [...notificationLines(state), ...complianceLines(state)];
  return lines.length === 0 ? [] : ['What the watching saw', ...lines];
}
