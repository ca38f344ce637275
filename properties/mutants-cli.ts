// npm run mutants: the campaign against every seeded mutant; one line per mutant, then `N killed, M survived`.
// Exits 1 when any mutant survives. FC_SEED and MUTANT_RUNS (runs per mutant, default 400) tune it, VERBOSE=1 explains
// each kill on stderr, and mutant names as arguments run only those.
import { performance } from 'node:perf_hooks';
import type { MutantName } from '../model/mutants.ts';
import { DEFAULT_SEED } from './campaign.ts';
import { allMutants, runMutant, verdictLine } from './mutants.ts';

const runs = Number(process.env['MUTANT_RUNS'] ?? 400);
const seed = Number(process.env['FC_SEED'] ?? DEFAULT_SEED);
const wanted = process.argv.slice(2);
const names = allMutants().filter((m) => wanted.length === 0 || wanted.includes(m));
const unknown = wanted.filter((w) => !allMutants().includes(w as MutantName));
if (unknown.length > 0) {
  console.error(`unknown mutant(s): ${unknown.join(', ')}; see model/mutants.ts`);
  process.exit(2);
}

const verbose = process.env['VERBOSE'] !== undefined;
let killed = 0;
for (const mutant of names) {
  const start = performance.now();
  const v = runMutant(mutant, { runs, seed });
  if (v.killed) killed++;
  console.log(verdictLine(v));
  // Details go to stderr (stdout stays one plain line per mutant): why a survivor survived, or with VERBOSE, the kill.
  if (!v.killed) console.error(`  ${mutant} breaks: ${v.rule}; ${v.runs} run(s) checked by ${v.invariant}${v.evidence ? `; what failed instead: ${v.evidence}` : ''}`);
  else if (verbose) console.error(`  after ${v.runs} run(s), ${((performance.now() - start) / 1000).toFixed(1)} s: ${v.evidence ?? ''}`);
}
const survived = names.length - killed;
console.log(`${killed} killed, ${survived} survived`);
process.exit(survived === 0 ? 0 : 1);
