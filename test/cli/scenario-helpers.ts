// Helpers for the CLI tests: small scenarios, a temp directory of scenario files, and running bin/keyward.js.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../cli/scenario/schema.ts';
import type { Scenario } from '../../cli/scenario/schema.ts';
import { formatPath } from '../../cli/scenario/paths.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ACCOUNT = '111122223333';
export const ROOT_USER = `arn:aws:iam::${ACCOUNT}:root`;

/** A minimal valid scenario with the given steps. */
export const scenario = (steps: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'test scenario',
  accounts: [ACCOUNT],
  steps,
  ...extra,
});

/** Parse a scenario that must be valid. */
export function valid(json: unknown): Scenario {
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(`expected a valid scenario: ${parsed.issues.map((i) => `${formatPath(i.path)}: ${i.reason}`).join('; ')}`);
  return parsed.scenario;
}

/** The issues of a scenario that must be invalid, as "path: reason" lines. */
export function issues(json: unknown): string[] {
  const parsed = parseScenario(json);
  if (parsed.ok) throw new Error('expected an invalid scenario');
  return parsed.issues.map((i) => `${formatPath(i.path)}: ${i.reason}`);
}

const tempDirs: string[] = [];

/** Write files (relative path → JSON value or raw text) into a fresh temp directory. */
export function tempScenarios(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-cli-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** Remove every directory tempScenarios made. */
export function removeTempScenarios(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the keyward command as a child process, as a user would. */
export function keyward(...args: string[]): Ran {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/keyward.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
