// npm run bench (second part): solver latency. For keys of 5, 30 and 100 policy statements with 0 and 200 grants, in
// worlds of 10, 100 and 1,000 principals: p50/p95 of canAnyoneElse, newAccess and whoCan, how they grow, and the targets.
import { performance } from 'node:perf_hooks';
import type { Answer } from '../solver/index.ts';
import { canAnyoneElse, newAccess, shutdownZ3, whoCan, z3 } from '../solver/index.ts';
import type { SolverCell, SolverWorld } from './solver-world.ts';
import { candidatePolicy, solverWorld } from './solver-world.ts';

const STATEMENTS = [5, 30, 100] as const;
const GRANTS = [0, 200] as const;
const PRINCIPALS = [10, 100, 1000] as const;

/** Repetitions per cell and question: fewer for the big worlds (SOLVER_BENCH_SCALE multiplies them). */
const SCALE = Number(process.env['SOLVER_BENCH_SCALE'] ?? 1);
const repetitions = (principals: number): number => Math.max(2, Math.round((principals <= 10 ? 30 : principals <= 100 ? 20 : 10) * SCALE));

const QUESTIONS = ['canAnyoneElse', 'newAccess', 'whoCan'] as const;
type QuestionName = (typeof QUESTIONS)[number];

interface Sample {
  readonly ms: number;
  readonly kind: Answer['kind'];
}

/**
 * Ask one question of the cell's world. Each repetition draws its own choices: canAnyoneElse alternates between
 * excepting the root user and one principal (a "yes", its witness replayed) and excepting everyone whoCan lists (a
 * "no", a proof over every principal and context); newAccess adds a statement for a principal drawn from the world.
 */
async function ask(q: QuestionName, w: SolverWorld, rep: number, everyone: readonly string[]): Promise<Answer> {
  const someone = w.principals[Math.floor(w.rand() * w.principals.length)]!;
  switch (q) {
    case 'canAnyoneElse':
      return canAnyoneElse(w.state, 'kms:Decrypt', w.keyArn, rep % 2 === 0 ? [`arn:aws:iam::${w.owner}:root`, someone] : everyone);
    case 'newAccess':
      return newAccess(w.state, w.keyArn, candidatePolicy(w));
    case 'whoCan':
      return whoCan(w.state, 'kms:Decrypt', w.keyArn);
  }
}

async function timed(q: QuestionName, w: SolverWorld, rep = 0, everyone: readonly string[] = []): Promise<Sample> {
  const t0 = performance.now();
  const answer = await ask(q, w, rep, everyone);
  return { ms: performance.now() - t0, kind: answer.kind };
}

/** The p-th percentile (nearest rank) of the samples. */
function percentile(samples: readonly Sample[], p: number): number {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface CellResult {
  readonly cell: SolverCell;
  readonly reps: number;
  /** How many known principals whoCan lists. */
  readonly can: number;
  readonly samples: Readonly<Record<QuestionName, readonly Sample[]>>;
}

const p50 = (r: CellResult, q: QuestionName): number => percentile(r.samples[q], 50);
const p95 = (r: CellResult, q: QuestionName): number => percentile(r.samples[q], 95);
const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function runCell(cell: SolverCell): Promise<CellResult> {
  const w = solverWorld(cell);
  const reps = repetitions(cell.principals);
  const who = await whoCan(w.state, 'kms:Decrypt', w.keyArn);
  if (who.kind !== 'whoCan') throw new Error(`whoCan answered ${JSON.stringify(who)}`);
  const samples: Record<QuestionName, Sample[]> = { canAnyoneElse: [], newAccess: [], whoCan: [] };
  for (let i = 0; i < reps; i++) for (const q of QUESTIONS) samples[q].push(await timed(q, w, i, who.principals));
  return { cell, reps, can: who.principals.length, samples };
}

/** How an answer kind count reads: "yes 5, no 5". */
function kinds(samples: readonly Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
}

function row(r: CellResult): string {
  const c = r.cell;
  const cols = QUESTIONS.map((q) => `${fmt(p50(r, q)).padStart(7)} ${fmt(p95(r, q)).padStart(7)}`);
  const answers = QUESTIONS.map((q) => kinds(r.samples[q])).join(' | ');
  return `${String(c.statements).padStart(4)} ${String(c.grants).padStart(6)} ${String(c.principals).padStart(6)} ${String(r.reps).padStart(4)}  ${cols.join('   ')}   ${answers} (lists ${r.can})`;
}

/** Geometric mean of the ratios of p50 between cells that differ in one dimension only. */
function growth(results: readonly CellResult[], q: QuestionName, from: (c: SolverCell) => SolverCell | undefined): number {
  const ratios = results.flatMap((r) => {
    const base = from(r.cell);
    const other = base && results.find((x) => x.cell.statements === base.statements && x.cell.grants === base.grants && x.cell.principals === base.principals);
    return other ? [p50(r, q) / p50(other, q)] : [];
  });
  return Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length);
}

const previous = <T extends number>(xs: readonly T[], x: number): T | undefined => xs[xs.indexOf(x as T) - 1];

async function main(): Promise<void> {
  console.log('\nkeyward solver benchmark (Z3 over the model\'s decision rule; one key, kms:Decrypt questions)');
  const t0 = performance.now();
  await z3();
  const initMs = performance.now() - t0;
  // Warm-up: the first check of a process also compiles Z3's WebAssembly further; measured apart.
  const warm = await timed('whoCan', solverWorld({ statements: 5, grants: 0, principals: 10 }));
  console.log(`Z3 start-up: ${initMs.toFixed(0)} ms once per process; first question after it: ${warm.ms.toFixed(0)} ms (not counted below)`);
  console.log(`repetitions per cell and question: 10 principals ${repetitions(10)}, 100: ${repetitions(100)}, 1,000: ${repetitions(1000)}`);
  console.log('latency in ms          canAnyoneElse       newAccess          whoCan');
  console.log('stmts grants princ reps    p50     p95       p50     p95       p50     p95   answers (canAnyoneElse | newAccess | whoCan)');
  const results: CellResult[] = [];
  for (const statements of STATEMENTS) {
    for (const grants of GRANTS) {
      for (const principals of PRINCIPALS) {
        const r = await runCell({ statements, grants, principals });
        results.push(r);
        console.log(row(r));
      }
    }
  }
  console.log('\nhow p50 grows (geometric mean of the ratios between cells that differ in one dimension):');
  for (const q of QUESTIONS) {
    const byPrincipals = growth(results, q, (c) => {
      const p = previous(PRINCIPALS, c.principals);
      return p === undefined ? undefined : { ...c, principals: p };
    });
    const byStatements = growth(results, q, (c) => {
      const s = previous(STATEMENTS, c.statements);
      return s === undefined ? undefined : { ...c, statements: s };
    });
    const byGrants = growth(results, q, (c) => (c.grants === 200 ? { ...c, grants: 0 } : undefined));
    console.log(`  ${q.padEnd(14)} x${byPrincipals.toFixed(2)} per 10x principals, x${byStatements.toFixed(2)} per step in statements (5→30→100), x${byGrants.toFixed(2)} with 200 grants`);
  }
  const cae = results.filter((r) => r.cell.statements === 30 && r.cell.principals === 100);
  const caeP50 = Math.max(...cae.map((r) => p50(r, 'canAnyoneElse')));
  console.log(`\ntarget: canAnyoneElse p50 < 100 ms on 30 statements / 100 principals: ${fmt(caeP50)} ms (worst of 0 and 200 grants; ratio ${(caeP50 / 100).toFixed(2)}) ${caeP50 < 100 ? 'met' : 'MISSED'}`);
  const big = results.filter((r) => r.cell.principals === 1000);
  const whoP50 = Math.max(...big.map((r) => p50(r, 'whoCan')));
  const whoP95 = Math.max(...big.map((r) => p95(r, 'whoCan')));
  console.log(`target: whoCan over 1,000 principals < 2 s: p50 ${fmt(whoP50)} ms, p95 ${fmt(whoP95)} ms (worst cell; ratio ${(whoP95 / 2000).toFixed(2)}) ${whoP95 < 2000 ? 'met' : 'MISSED'}`);
  const unknown = results.flatMap((r) => QUESTIONS.flatMap((q) => r.samples[q])).filter((s) => s.kind === 'unknown' || s.kind === 'error').length;
  console.log(`unknown or error answers: ${unknown}; whole solver benchmark ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

await main();
await shutdownZ3();
// A Z3 worker that outlives killThreads must not keep the benchmark from exiting (see cli/main.ts).
setTimeout(() => process.exit(), 200).unref();
