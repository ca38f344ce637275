// A concrete-evaluation speed-up: the statements of a document that can apply to one action, computed once per pair.
import type { PolicyDocument } from '../policy/document.ts';
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
