// Logic<B>: the tiny boolean algebra the decision rules are written over, so model/ (boolean) and solver/ (Z3) share them.

/**
 * The operations a decision rule may use. `any`/`all` take a list and a function so that the boolean
 * interpretation can short-circuit while a symbolic one builds a disjunction/conjunction.
 */
export interface Logic<B> {
  readonly yes: B;
  readonly no: B;
  lit(value: boolean): B;
  not(x: B): B;
  and(...xs: readonly B[]): B;
  or(...xs: readonly B[]): B;
  any<T>(items: readonly T[], f: (item: T) => B): B;
  all<T>(items: readonly T[], f: (item: T) => B): B;
  ite(cond: B, then: B, otherwise: B): B;
  /** True only when `x` is certainly false (lets the boolean interpretation skip work; a symbolic one may say false). */
  isNo(x: B): boolean;
}

/** The concrete interpretation used by model/: plain booleans, short-circuiting. */
export const boolLogic: Logic<boolean> = {
  yes: true,
  no: false,
  lit: (value) => value,
  not: (x) => !x,
  and: (...xs) => {
    for (let i = 0; i < xs.length; i++) if (!xs[i]) return false;
    return true;
  },
  or: (...xs) => {
    for (let i = 0; i < xs.length; i++) if (xs[i]) return true;
    return false;
  },
  any: (items, f) => {
    for (const item of items) if (f(item)) return true;
    return false;
  },
  all: (items, f) => {
    for (const item of items) if (!f(item)) return false;
    return true;
  },
  ite: (cond, then, otherwise) => (cond ? then : otherwise),
  isNo: (x) => !x,
};
