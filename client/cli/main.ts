// The `arende` command. Each subcommand lives in commands/ and registers itself here.
// Exit codes: 0 ok, 1 failure, 2 bad input (a bad flag value, a missing flag, an unknown option).
import { Command, CommanderError } from 'commander';
import { registerCalendarCommand } from './commands/calendar';

export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

/** Where a command writes; tests pass their own. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Bad input from the user: reported as `arende <command>: <message>`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function buildProgram(io: CliIo): Command {
  const program = new Command('arende')
    .description('Ärendeflöde: samverkansärenden från tjänsteskrivelse till laga kraft (Region Jämtland Härjedalen och länets kommuner)')
    .exitOverride()
    .showHelpAfterError('(arende --help visar hjälpen)')
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'arende: ')),
    });
  registerCalendarCommand(program, io);
  return program;
}

export async function run(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end through here too, with exit code 0; every other parse error is bad input.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (error instanceof UsageError) {
      io.err(`${error.message}\n`);
      return EXIT.badInput;
    }
    io.err(`arende: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
