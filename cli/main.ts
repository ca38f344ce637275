// The keyward command line: `run` (scenario files), `demo` (the narrated story), `calls`, and `ask` (reserved for the solver).
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { supportedCalls } from '../model/index.ts';
import { demoCommand } from './demo.ts';
import { consoleOutput, EXIT, runCommand } from './run-command.ts';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** `keyward calls`: every call the model supports, one per line, grouped by service. */
function callsCommand(): number {
  const calls = supportedCalls().sort();
  if (calls.length === 0) consoleOutput.err('The model supports no calls yet.');
  for (const call of calls) consoleOutput.out(call);
  return EXIT.passed;
}

/** `keyward ask`: reserved for the solver work. */
function askCommand(): number {
  consoleOutput.err('keyward ask: not supported yet (the solver has not landed). Put questions in a scenario file as `ask` steps meanwhile.');
  return EXIT.invalid;
}

export function program(): Command {
  const cmd = new Command('keyward')
    .description('An oracle and a solver for AWS KMS, IAM and S3 SSE-KMS: what happens, and what could happen.')
    .version(packageJson.version)
    .exitOverride();

  cmd
    .command('run')
    .summary('Run every *.json scenario under the paths.')
    .description(
      'Run every *.json scenario under the paths (recursively, sorted). One line per scenario, "PASS name" or ' +
        '"FAIL name: step N: what differed" (N is the 0-based index into "steps", as in the JSON path steps[N]), ' +
        'then "N passed, M failed". Exit 0: all passed; 1: some failed; 2: a file is not a valid scenario.',
    )
    .argument('<paths...>', 'scenario files or directories')
    .option('--json', 'print the results as one JSON document')
    .option('--verbose', 'show every step and what it gave')
    .action(async (paths: string[], opts: { json?: boolean; verbose?: boolean }) => {
      process.exitCode = await runCommand(paths, opts);
    });

  cmd
    .command('demo')
    .description('Tell a scenario\'s story step by step in plain words (default: examples/sse-kms-story.json).')
    .argument('[file]', 'a scenario file')
    .action(async (file: string | undefined) => {
      process.exitCode = await demoCommand(file);
    });

  cmd
    .command('calls')
    .description('List the calls (service:Operation) the model supports.')
    .action(() => {
      process.exitCode = callsCommand();
    });

  cmd
    .command('ask')
    .description('Ask the solver a question (reserved: not supported yet).')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      process.exitCode = askCommand();
    });

  return cmd;
}

try {
  await program().parseAsync(process.argv);
} catch (e) {
  // Commander reports usage errors (unknown command or option) and --help/--version by throwing after printing.
  if (!(e instanceof CommanderError)) throw e;
  process.exitCode = e.exitCode === 0 ? EXIT.passed : EXIT.invalid;
}
