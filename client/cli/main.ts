// The `arende` command. Each subcommand lives in commands/ and registers itself here.
// Exit codes: 0 ok, 1 failure (refused by the case, unknown case, access denied, server unreachable),
// 2 bad input (a bad flag value, a missing flag, an unknown option, an invalid case file).
import { Command, CommanderError } from 'commander';
import { registerCalendarCommand } from './commands/calendar';
import { registerCaseCommand } from './commands/case';
import { registerCloseCommand } from './commands/close';
import { registerEventCommands } from './commands/events';
import { registerExportCommand } from './commands/export';
import { registerCorrectionCommand } from './commands/rattelse';
import { registerImportCommand } from './commands/import';
import { registerOutstandingCommand } from './commands/outstanding';
import { registerParseCommand } from './commands/parse';
import { registerReindexCommand } from './commands/reindex';
import { registerRetryCommand } from './commands/retry';
import { swedishError, swedishHelp } from './commander-swedish';
import { EXIT, UsageError, reportError } from './errors';
import type { CliIo } from './io';
import { debugFromEnvironment, debugLog, startDebugLog, stopDebugLog } from './debug-log';

export { EXIT, UsageError };
export type { CliIo };

const HELP_AFTER = `
Anslutning:
  Utan --api går kommandona direkt till Temporal: TEMPORAL_ADDRESS (standard 127.0.0.1:7233),
  TEMPORAL_NAMESPACE (arendeflode), TEMPORAL_API_KEY, TEMPORAL_TLS, TEMPORAL_TLS_CLIENT_CERT_PATH,
  TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME,
  TEMPORAL_CONFIG_FILE och TEMPORAL_PROFILE (en TOML-profil), ARENDE_TASK_QUEUE (arendeflode),
  ARENDE_PARTIES_FILE; händelser registreras som aktören $ARENDE_ACTOR (standard cli:<användare>).
  En huvudmans händelse väntar på beslutsspåret som ärendet startar efter justeringen i högst
  ARENDE_TRACK_START_WAIT_SECONDS sekunder (standard 300).
  Med --api URL --token T (eller ARENDE_API_URL och ARENDE_API_TOKEN) går de via HTTP-API:t.

Utdata:
  Läsbara tabeller som standard; --json ger ett JSON-dokument på stdout för skript.
  Meddelanden och förlopp skrivs på stderr.

Slutkoder:
  0  klart
  1  misslyckades: ärendet avvisade begäran, okänt ärende, åtkomst nekad, servern nås inte,
     inte nu (huvudmannens beslutsspår har inte startat än, eller ärendet svarar inte: försök
     igen om en stund), eller (import) någon fil eller händelse avvisades
  2  felaktig indata: okänd flagga, saknad eller ogiltig flagga (flaggan namnges), ogiltig ärendefil,
     (parse) en handling som inte kan läsas

Exempel:
  arende import demo/cases
  arende parse kallelse.pdf --katalog nya-arenden
  arende case show RS/62/2026
  arende outstanding --party krokom --overdue
  arende decide RS/62/2026 --party krokom --meeting 2026-04-15 --paragraf 45 --outcome bifall
  arende reindex --check
`;

export function buildProgram(io: CliIo): Command {
  const program = swedishHelp(new Command('arende'))
    .description('Ärendeflöde: samverkansärenden från tjänsteskrivelse till laga kraft (Region Jämtland Härjedalen och länets kommuner)')
    .exitOverride()
    .showHelpAfterError('(arende --help visar hjälpen)')
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) => write(swedishError(text, 'arende')),
    })
    .option('--debug', 'skriv felsökningsrader (anslutning, varje API-anrop, fel med stackspår) på stderr; också ARENDE_DEBUG=1')
    .addHelpText('after', HELP_AFTER);
  program.hook('preAction', (_program, action) => {
    let debug: boolean;
    try {
      debug = Boolean(action.optsWithGlobals().debug) || debugFromEnvironment();
      if (debug) startDebugLog(io);
    } catch (err) {
      throw new UsageError(`arende: ${(err as Error).message}`);
    }
    debugLog().debug({ command: commandPath(action) }, 'command starts');
  });
  registerCaseCommand(program, io);
  registerEventCommands(program, io);
  registerCloseCommand(program, io);
  registerRetryCommand(program, io);
  registerCorrectionCommand(program, io);
  registerOutstandingCommand(program, io);
  registerImportCommand(program, io);
  registerParseCommand(program, io);
  registerCalendarCommand(program, io);
  registerExportCommand(program, io);
  registerReindexCommand(program, io);
  // Subcommands end through exitOverride too, and print their errors the same way.
  for (const command of program.commands) inherit(command, program);
  return program;
}

/** `arende case show`: the command's words, never its arguments (they may carry a token). */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function inherit(command: Command, program: Command, path = `arende ${command.name()}`): void {
  command
    .exitOverride()
    .configureOutput({ ...program.configureOutput(), outputError: (text, write) => write(swedishError(text, path)) })
    .showHelpAfterError(`(${path} --help visar hjälpen)`);
  for (const sub of command.commands) inherit(sub, program, `${path} ${sub.name()}`);
}

export async function run(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  // `arende case events … | head`: a reader that stops early ends the output, not with a stack trace.
  if (io === defaultIo) process.stdout.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? process.exit(EXIT.ok) : undefined));
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    debugLog().debug('command done');
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end through here too, with exit code 0; every other parse error is bad input.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    debugLog().debug({ err: error }, 'command failed');
    return reportError(error, io.err);
  } finally {
    stopDebugLog();
  }
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTty: Boolean(process.stderr.isTTY),
  errStream: process.stderr,
};
