// Seeded mutants of the solver's encoding: deliberately broken interpretations of the facts, chosen through
// `SolverOptions.mutant`, that the differential tests must catch (test/solver/mutants.test.ts).

/**
 * Every mutant of the encoding, by name, with what it breaks. Production never sets one; each site reads the backend's
 * `mutant` where the broken interpretation lives (search solver/ for the mutant's name).
 */
export const SOLVER_MUTANTS = {
  conditionNegated: 'conditions.ts: StringEquals is read as StringNotEquals in the symbolic condition (its match negated)',
  denyIgnored: 'inputs.ts: explicit denies of every policy (resource, identity, boundary, session, SCP) are dropped from the symbolic inputs',
  grantsDropped: 'grants.ts: no grant ever allows a symbolic request',
  wildcardIgnoresCase: 'conditions.ts: StringLike and ArnLike patterns match regardless of case',
  keyStateIgnored: "kms.ts: the key's state never stops a request (a disabled key serves everyone the policies allow)",
} as const;

export type SolverMutant = keyof typeof SOLVER_MUTANTS;

export const solverMutantNames = (): SolverMutant[] => Object.keys(SOLVER_MUTANTS) as SolverMutant[];

/** Is this mutant switched on (for a backend or options that may carry one)? */
export const mutantOn = (holder: { readonly mutant?: SolverMutant | undefined }, name: SolverMutant): boolean => holder.mutant === name;
