// The principals of a state that can make requests: account roots, IAM users and live role sessions.
import { rootArn } from '../model/index.ts';
import type { State } from '../model/index.ts';

export function actingPrincipals(state: State): string[] {
  const roots = state.accounts.map((a) => rootArn(a) as string);
  const users = Object.keys(state.iam.users);
  const sessions = Object.values(state.iam.sessions).filter((s) => s.expiresAt > state.now).map((s) => s.arn as string);
  return [...roots, ...users, ...sessions];
}
