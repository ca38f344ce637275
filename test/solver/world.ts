// Small worlds for the solver suites: a KmsWorld (test/kms) plus key policies, S3 objects and witness checks.
import { expect } from 'vitest';
import type { State } from '../../model/index.ts';
import type { Answer, RequestWitness } from '../../solver/index.ts';
import { requestAllowed } from '../../solver/index.ts';
import { A, B, KmsWorld, policy, rootOf, userOf } from '../kms/kms-world.ts';

export { A, B, KmsWorld, policy, rootOf, userOf };

export const ROOT_A = rootOf(A);
export const ROOT_B = rootOf(B);
export const EXTERNAL = '999988887777';

/** The default key policy statement of an account (the account principal, kms:*). */
export const accountStatement = (account: string): object => ({ Sid: 'root', Effect: 'Allow', Principal: { AWS: rootOf(account) }, Action: 'kms:*', Resource: '*' });

/** A key-policy statement allowing principals some actions, with an optional Condition. */
export const keyUsers = (principals: string | string[], actions: string | string[], condition?: object, effect: 'Allow' | 'Deny' = 'Allow'): object => ({
  Effect: effect, Principal: { AWS: principals }, Action: actions, Resource: '*', ...(condition ? { Condition: condition } : {}),
});

/** A key with this policy, created by A's root (bypassing the lockout check so that any policy goes). */
export function keyWith(w: KmsWorld, ...statements: object[]): string {
  return w.key(ROOT_A, { Policy: policy(...statements), BypassPolicyLockoutSafetyCheck: true }).arn;
}

/** The answer is a "yes" whose witness model/ allows (in `state`). */
export function expectConfirmedYes(state: State, answer: Answer): RequestWitness {
  if (answer.kind !== 'yes') expect.fail(`expected "yes", got ${JSON.stringify(answer)}`);
  const verdict = requestAllowed(state, answer.witness);
  expect(verdict.allowed, verdict.why).toBe(true);
  return answer.witness;
}

/** The answer is a whoCan list; every witness replays. */
export function expectWhoCan(state: State, answer: Answer, principals: readonly string[], unknownPrincipals: boolean): void {
  if (answer.kind !== 'whoCan') expect.fail(`expected a whoCan answer, got ${JSON.stringify(answer)}`);
  expect([...answer.principals].sort()).toEqual([...principals].sort());
  expect(answer.unknownPrincipals).toBe(unknownPrincipals);
  for (const w of answer.witnesses) {
    const verdict = requestAllowed(state, w);
    expect(verdict.allowed, `${JSON.stringify(w)}: ${verdict.why}`).toBe(true);
  }
}
