// Reading scenario files from disk: every `*.json` under the given paths (recursively, sorted), parsed and validated.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatPath } from './paths.ts';
import type { ParsedScenario, ScenarioIssue } from './schema.ts';
import { parseScenarioText } from './schema.ts';

export interface FoundFiles {
  readonly files: readonly string[];
  /** Paths that could not be searched (missing, unreadable, a file that is not .json), with why. */
  readonly problems: readonly { readonly path: string; readonly reason: string }[];
}

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return jsonFilesUnder(full);
      return entry.isFile() && entry.name.endsWith('.json') ? [full] : [];
    });
}

/** Every `*.json` under the paths: a file is taken as it is, a directory is searched recursively; sorted per path. */
export function findScenarioFiles(paths: readonly string[]): FoundFiles {
  const files: string[] = [];
  const problems: { path: string; reason: string }[] = [];
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      problems.push({ path, reason: 'no such file or directory' });
      continue;
    }
    if (!isDir && !path.endsWith('.json')) problems.push({ path, reason: 'a scenario file ends in .json' });
    else files.push(...(isDir ? jsonFilesUnder(path) : [path]));
  }
  return { files: [...new Set(files)], problems };
}

export interface LoadedFile {
  readonly file: string;
  readonly parsed: ParsedScenario;
}

/** Read and validate one file; an unreadable file is an issue like any other, never a crash. */
export function loadScenarioFile(file: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { file, parsed: { ok: false, issues: [{ path: [], reason: `cannot read the file: ${(e as Error).message}` }] } };
  }
  return { file, parsed: parseScenarioText(text) };
}

/** `FILE: JSON.PATH: reason`, the form every invalid-scenario message takes. */
export const formatIssue = (file: string, issue: ScenarioIssue): string => `${file}: ${formatPath(issue.path)}: ${issue.reason}`;
