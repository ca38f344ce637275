// The principals of a state that can make requests: account roots, IAM users and live role sessions.
import { rootArn } from '../model/index.ts';
import type { State } from '../model/index.ts';

/** Live role sessions (expired ones cannot call). */
export const liveSessions = (state: State): string[] =>
  Object.values(state.iam.sessions).filter((s) => s.expiresAt > state.now).map((s) => s.arn as string);

/** Every principal that can make requests: the accounts' roots, the users, the live sessions. */
export const actorsOf = (state: State): string[] => [...state.accounts.map((a) => rootArn(a) as string), ...Object.keys(state.iam.users), ...liveSessions(state)];

/** The actors of one account, its root first. */
export const actorsIn = (state: State, account: string): string[] => actorsOf(state).filter((a) => a.split(':')[4] === account);
