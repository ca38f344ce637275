// A small deterministic random source (mulberry32) for turning one generated seed into the details of a call.

export class Draw {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** A float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('properties: pick from an empty list');
    return xs[this.int(xs.length)]!;
  }
  /** A pick among non-empty options, or undefined when there are none. */
  maybe<T>(xs: readonly T[]): T | undefined {
    return xs.length === 0 ? undefined : this.pick(xs);
  }
  /** Some of the items (each kept with probability p), at least `min` of them when there are enough. */
  some<T>(xs: readonly T[], p: number, min = 0): T[] {
    const kept = xs.filter(() => this.chance(p));
    while (kept.length < Math.min(min, xs.length)) {
      const x = this.pick(xs);
      if (!kept.includes(x)) kept.push(x);
    }
    return kept;
  }
}
