// Z3 for the solver: one initialisation per process (reused), a time-limited satisfiability check, and shutdown.
import { init, killThreads } from 'z3-solver';
import type { Bool, Context, Model } from 'z3-solver';

export type Z3 = Context<'main'>;
export type Z3Bool = Bool<'main'>;
export type Z3Model = Model<'main'>;

type Api = Awaited<ReturnType<typeof init>>;

let api: Promise<Api> | undefined;
let context: Z3 | undefined;

/** The process-wide Z3 context, initialised on first use (start-up takes a few hundred ms; every later call reuses it). */
export async function z3(): Promise<Z3> {
  api ??= init();
  const ready = await api;
  context ??= ready.Context('main');
  return context;
}

/** The part of Emscripten's pthread bookkeeping that says whether a Z3 thread is still running. */
interface EmscriptenThreads {
  readonly PThread: { readonly runningWorkers: readonly unknown[] };
}

/**
 * Wait (at most a second) until no Z3 thread is running. A thread that has finished its check still reports its
 * clean-up to the main thread; terminating it before that report arrives prints "received cleanupThread command from
 * terminated worker" and, now and then, leaves a worker that keeps the process alive.
 */
async function threadsSettled(em: EmscriptenThreads): Promise<void> {
  for (let i = 0; i < 100 && em.PThread.runningWorkers.length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Stop Z3's worker threads so that the process can exit. The next `z3()` call initialises again (tests call this in
 * `afterAll`; the CLI once, when it is done).
 */
export async function shutdownZ3(): Promise<void> {
  if (!api) return;
  const ready = await api;
  api = undefined;
  context = undefined;
  await threadsSettled(ready.em as EmscriptenThreads);
  await killThreads(ready.em).catch((e: unknown) => {
    // killThreads gives up after 5 s on a worker that does not stop; the process is shutting Z3 down, so that is no error.
    if (!(e instanceof Error && /timed out/.test(e.message))) throw e;
  });
}

export type CheckResult =
  | { readonly kind: 'sat'; readonly model: Z3Model }
  | { readonly kind: 'unsat' }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Is the conjunction of `claims` satisfiable within `timeoutMs`? Z3's `unknown` (a timeout included) is reported as
 * such, never as unsat: a "no" must be a proof.
 */
export async function check(Z: Z3, claims: readonly Z3Bool[], timeoutMs: number): Promise<CheckResult> {
  const solver = new Z.Solver();
  solver.set('timeout', Math.max(1, Math.floor(timeoutMs)));
  for (const c of claims) solver.add(c);
  const started = Date.now();
  const result = await solver.check();
  if (result === 'sat') return { kind: 'sat', model: solver.model() };
  if (result === 'unsat') return { kind: 'unsat' };
  const reason = solver.reasonUnknown();
  return { kind: 'unknown', reason: `Z3 answered unknown after ${Date.now() - started} ms (${reason}; time limit ${timeoutMs} ms)` };
}
