// README.md stays in step with the code: every modelling choice of model/config.ts, every dependency, the worked example.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../model/index.ts';
import { ROOT } from './scenario-helpers.ts';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of one `## Title` section. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${title}"`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The first two cells of every table row whose first cell is `code`, as [name, second cell]. */
const tableRows = (text: string): [string, string][] =>
  [...text.matchAll(/^\| `([^`]+)`(?: \(dev\))? \| ([^|]*) \|/gm)].map((m) => [m[1] ?? '', (m[2] ?? '').trim()]);

describe('README "Modelling choices" lists every field of model/config.ts with its default', () => {
  const rows = new Map(tableRows(section('Modelling choices')));

  it.each(Object.entries(defaultConfig))('%s', (field, value) => {
    expect(rows.has(field), `README.md "Modelling choices" has no row for config field ${field}`).toBe(true);
    expect(rows.get(field)).toBe(`\`${value === undefined ? 'undefined' : JSON.stringify(value)}\``);
  });

  it('has no row for a field that model/config.ts does not have', () => {
    expect([...rows.keys()].filter((f) => !Object.hasOwn(defaultConfig, f))).toEqual([]);
  });

  it('names the spec item each choice settles', () => {
    // `mutant` is no modelling choice: it switches on a seeded bug for the mutation tests (properties/README.md).
    for (const line of section('Modelling choices').split('\n').filter((l) => /^\| `/.test(l) && !l.startsWith('| `mutant`'))) {
      expect(line.split('|')[3]?.trim()).toMatch(/§\d+\.\d+|UNVERIFIED|INFERRED/);
    }
  });
});

describe('README "Dependencies" says why each dependency is there', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: object; devDependencies: object };
  const listed = tableRows(section('Dependencies')).map(([name]) => name);

  it('lists exactly the packages of package.json', () => {
    expect([...listed].sort()).toEqual([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].sort());
  });
});

describe('README commands and worked example', () => {
  it('names the two commands from a fresh clone', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });

  it('shows examples/vpc-endpoint-key-user.json as the worked example (so the example is a scenario npm test runs)', () => {
    const block = /```json\n([\s\S]*?)\n```/.exec(section('Writing a scenario'))?.[1];
    const example = JSON.parse(readFileSync(join(ROOT, 'examples/vpc-endpoint-key-user.json'), 'utf8')) as unknown;
    expect(JSON.parse(block ?? 'null')).toEqual(example);
  });
});

describe('README "Property tests" states the size of the catalogue', () => {
  it('names as many invariants as properties/catalogue.ts holds', async () => {
    const { catalogue } = await import('../../properties/catalogue.ts');
    expect(readme).toContain(`states ${catalogue.length} invariants`);
  });
});
