// The invariant catalogue and properties/README.md list the same claims, each with a name, claim and AWS source.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../properties/index.ts';

const readmeNames = (): string[] =>
  [...readFileSync(new URL('../../properties/README.md', import.meta.url), 'utf8').matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]!);

describe('invariant catalogue', () => {
  it('lists exactly the invariants that properties/README.md lists', () => {
    expect(catalogue.map((i) => i.name).sort()).toEqual(readmeNames().sort());
  });

  it('gives every invariant a lowerCamelCase name, a one-sentence claim and an AWS source', () => {
    for (const inv of catalogue) {
      expect(inv.name).toMatch(/^[a-z][a-zA-Z]+$/);
      expect(inv.claim).toMatch(/^[A-Z].*\.$/);
      expect(inv.source).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|repost\.aws)\//);
    }
  });

  it('has no two invariants with the same name', () => {
    expect(new Set(catalogue.map((i) => i.name)).size).toBe(catalogue.length);
  });
});
