// The keyward command line: `run` (scenario files), `demo` (the narrated story), `calls`, and `ask` (questions to the solver).
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { supportedCalls } from '../model/index.ts';
import { defaultSolverOptions, shutdownZ3 } from '../solver/index.ts';
import type { CommonAskOptions } from './ask-command.ts';
import { askCommand, notYetCommand } from './ask-command.ts';
import type { AskOptions } from './ask-questions.ts';
import { ASK_SUBCOMMANDS, NOT_YET } from './ask-questions.ts';
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

/** `keyward ask NAME ...`: one subcommand per entry of ASK_SUBCOMMANDS (cli/ask-questions.ts). */
function askCommands(cmd: Command): void {
  const ask = cmd
    .command('ask')
    .summary('Ask the solver a question about the state a scenario reaches.')
    .description(
      'Replay the scenario\'s call and time steps (its own questions and checks are skipped), then ask the question of the ' +
        'final state. `${name}` in an option takes a value the scenario saved (--resource \'${keyArn}\'). Exit 0: an answer ' +
        '(yes, no, or the list of principals); 3: unknown (a time limit, or beyond what the solver models); 2: bad usage, or ' +
        'a scenario that is not valid or does not replay (FILE: JSON.PATH: reason on stderr); 1: the model does not confirm ' +
        'the solver\'s witness (a keyward bug).',
    );
  for (const [name, sub] of Object.entries(ASK_SUBCOMMANDS)) {
    if (sub === NOT_YET) {
      ask
        .command(name)
        .description(`not supported yet (the solver does not answer ${name} questions yet)`)
        .allowUnknownOption()
        .allowExcessArguments()
        .action(() => {
          process.exitCode = notYetCommand(name);
        });
      continue;
    }
    const c = ask.command(name).description(sub.summary).requiredOption('--scenario <file>', 'the scenario file whose final state is asked about');
    for (const o of sub.options) {
      if (o.required) c.requiredOption(o.flags, o.description);
      else c.option(o.flags, o.description);
    }
    c.option('--json', 'print the question and the answer as one JSON document')
      .option('--timeout-ms <ms>', `time limit of each Z3 call in milliseconds (default ${defaultSolverOptions.timeoutMs}); a timeout answers unknown`)
      .action(async (opts: AskOptions & CommonAskOptions) => {
        process.exitCode = await askCommand(name, sub, opts);
      });
  }
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

  askCommands(cmd);

  return cmd;
}

// Output piped into a reader that stops early (`keyward ask ... | head`): nothing more to say, so stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

try {
  await program().parseAsync(process.argv);
} catch (e) {
  // Commander reports usage errors (unknown command or option) and --help/--version by throwing after printing.
  if (!(e instanceof CommanderError)) throw e;
  process.exitCode = e.exitCode === 0 ? EXIT.passed : EXIT.invalid;
} finally {
  // Scenario ask steps (run, demo) and `ask` may have started Z3: stop its threads so that the process exits at once.
  await shutdownZ3();
  // Should a Z3 worker thread outlive killThreads and keep Node's event loop alive (seen a few times in a hundred runs
  // before shutdownZ3 waited for running threads), the command is done and its output written: exit then. The timer
  // does not itself keep the process alive.
  setTimeout(() => process.exit(), 200).unref();
}
