// z3Logic: the Logic<B> of model/logic.ts interpreted with Z3 Bool terms, folding literal true/false as it builds.
import type { Logic } from '../model/index.ts';
import type { Z3, Z3Bool } from './z3.ts';

/**
 * The symbolic interpretation of the decision rules. Most facts of a request are concrete (the action, the resource,
 * a known principal), so the terms are built with constant folding: `yes`/`no` are two shared literals and and/or/not/ite
 * simplify around them, which keeps the formulas Z3 sees small. `isNo` recognises the shared `no` literal only
 * (Logic allows a symbolic interpretation to answer false when unsure).
 */
export function z3Logic(Z: Z3): Logic<Z3Bool> {
  const yes = Z.Bool.val(true);
  const no = Z.Bool.val(false);
  const lit = (value: boolean): Z3Bool => (value ? yes : no);
  const not = (x: Z3Bool): Z3Bool => (x === yes ? no : x === no ? yes : Z.Not(x));
  const and = (...xs: readonly Z3Bool[]): Z3Bool => {
    const kept: Z3Bool[] = [];
    for (const x of xs) {
      if (x === no) return no;
      if (x !== yes) kept.push(x);
    }
    return kept.length === 0 ? yes : kept.length === 1 ? kept[0]! : Z.And(...kept);
  };
  const or = (...xs: readonly Z3Bool[]): Z3Bool => {
    const kept: Z3Bool[] = [];
    for (const x of xs) {
      if (x === yes) return yes;
      if (x !== no) kept.push(x);
    }
    return kept.length === 0 ? no : kept.length === 1 ? kept[0]! : Z.Or(...kept);
  };
  return {
    yes,
    no,
    lit,
    not,
    and,
    or,
    any: (items, f) => or(...items.map(f)),
    all: (items, f) => and(...items.map(f)),
    ite: (cond, then, otherwise) => {
      if (cond === yes || then === otherwise) return then;
      if (cond === no) return otherwise;
      if (then === yes) return or(cond, otherwise);
      if (then === no) return and(not(cond), otherwise);
      if (otherwise === yes) return or(not(cond), then);
      if (otherwise === no) return and(cond, then);
      return Z.If(cond, then, otherwise) as Z3Bool;
    },
    isNo: (x) => x === no,
  };
}
