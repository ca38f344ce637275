// Concrete-evaluation speed-ups: the statements of a document that can apply to one action, or to one caller, cached.
import { rootArn } from '../arn.ts';
import type { PolicyDocument, Statement } from '../policy/document.ts';
import type { Caller } from './caller.ts';
import { anyActionMatches } from '../policy/match.ts';

const slices = new WeakMap<PolicyDocument, Map<string, PolicyDocument>>();

/**
 * The document restricted to the statements whose Action/NotAction covers `action`. Evaluating the slice gives exactly
 * the verdict of the whole document for that action (the other statements' action test is false), so the decision
 * rule is unchanged; only the work shrinks. Parsed documents are immutable, so slices are cached by identity.
 */
export function actionSlice(doc: PolicyDocument, action: string): PolicyDocument {
  let byAction = slices.get(doc);
  if (!byAction) {
    byAction = new Map();
    slices.set(doc, byAction);
  }
  let slice = byAction.get(action);
  if (!slice) {
    const statements = doc.statements.filter((s) =>
      s.action ? anyActionMatches(s.action, action) : s.notAction ? !anyActionMatches(s.notAction, action) : false,
    );
    slice = statements.length === doc.statements.length ? doc : { ...doc, statements };
    if (byAction.size > 1000) byAction.clear();
    byAction.set(action, slice);
  }
  return slice;
}

const callerSlices = new WeakMap<PolicyDocument, Map<string, PolicyDocument>>();

/** The names under which a Principal element can cover the caller: its ARN, its account (id and root ARN), its role. */
function callerNames(caller: Caller): string[] {
  if (caller.kind === 'anonymous') return [];
  const names = [caller.arn as string, caller.account as string, rootArn(caller.account) as string];
  if (caller.kind === 'session') names.push(caller.role.arn);
  return names;
}

/** Can this statement's principal part be true for the caller at all? ("*" and NotPrincipal always can.) */
function mayCover(s: Statement, names: readonly string[]): boolean {
  if (s.notPrincipal) return true;
  if (!s.principal) return false;
  return s.principal.anyone || s.principal.aws.some((n) => names.includes(n));
}

/**
 * A resource policy restricted to the statements whose Principal can name the caller (exactly, through its role or
 * account, or as everyone) plus every NotPrincipal statement. The rest have a false principal test for this caller in
 * all three ways (PrincipalMatch), so they change neither allow nor deny: the verdict is the whole document's.
 */
export function callerSlice(doc: PolicyDocument, caller: Caller): PolicyDocument {
  let byCaller = callerSlices.get(doc);
  if (!byCaller) {
    byCaller = new Map();
    callerSlices.set(doc, byCaller);
  }
  const id = caller.kind === 'anonymous' ? '' : caller.arn;
  let slice = byCaller.get(id);
  if (!slice) {
    const names = callerNames(caller);
    const statements = doc.statements.filter((s) => mayCover(s, names));
    slice = statements.length === doc.statements.length ? doc : { ...doc, statements };
    if (byCaller.size > 1000) byCaller.clear();
    byCaller.set(id, slice);
  }
  return slice;
}
