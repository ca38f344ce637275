// The invariant catalogue and properties/README.md list the same claims, each with a name, claim, AWS source, the
// kind of check (state, step) and the mutants that must break it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../properties/index.ts';
import { KILLED_BY } from '../../properties/mutants.ts';

interface Row {
  readonly name: string;
  readonly claim: string;
  readonly kind: string;
  readonly source: string;
  readonly mutants: readonly string[];
}

const readmeRows = (): Row[] =>
  [...readFileSync(new URL('../../properties/README.md', import.meta.url), 'utf8').matchAll(/^\| `(\w+)` \| (.*) \| (.*) \| \[.*\]\((.*)\) \| (.*) \|$/gm)].map((m) => ({
    name: m[1]!,
    claim: m[2]!,
    kind: m[3]!,
    source: m[4]!,
    mutants: [...m[5]!.matchAll(/`(\w+)`/g)].map((x) => x[1]!),
  }));

const kindOf = (i: (typeof catalogue)[number]): string => [i.check ? 'state' : '', i.checkStep ? 'step' : ''].filter(Boolean).join(', ');

describe('invariant catalogue', () => {
  it('has at least 25 invariants', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(25);
  });

  it('lists exactly the invariants that properties/README.md lists', () => {
    expect(catalogue.map((i) => i.name).sort()).toEqual(readmeRows().map((r) => r.name).sort());
  });

  it('says in properties/README.md what the code says: claim, kind of check, source and mutants', () => {
    const rows = new Map(readmeRows().map((r) => [r.name, r]));
    for (const inv of catalogue) {
      const row = rows.get(inv.name)!;
      expect(row.claim).toBe(inv.claim);
      expect(row.kind).toBe(kindOf(inv));
      expect(row.source).toBe(inv.source);
      const mutants = Object.entries(KILLED_BY).filter(([, target]) => target === inv.name).map(([m]) => m);
      expect([...row.mutants].sort()).toEqual(mutants.sort());
    }
  });

  it('gives every invariant a lowerCamelCase name, a one-sentence claim, an AWS source and a check', () => {
    for (const inv of catalogue) {
      expect(inv.name).toMatch(/^[a-z][a-zA-Z]+$/);
      expect(inv.claim).toMatch(/^[A-Z][^.]*(\.[^ ][^.]*)*\.$/);
      expect(inv.source).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|repost\.aws)\//);
      expect(inv.check !== undefined || inv.checkStep !== undefined).toBe(true);
    }
  });

  it('has no two invariants with the same name', () => {
    expect(new Set(catalogue.map((i) => i.name)).size).toBe(catalogue.length);
  });
});
