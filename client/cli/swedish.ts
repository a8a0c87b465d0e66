// Commander's own words in Swedish: its error messages (unknown option, missing argument…), the
// headings of its help (Usage, Options…) and the help option's and help command's descriptions.
// Commander writes them in English; `swedishCommander` applies these to a command and its subcommands.
import type { Command, Help } from 'commander';

/** Commander's error messages (commander 14, lib/command.js and suggestSimilar.js), each with its Swedish form. */
const ERRORS: [RegExp, (...groups: string[]) => string][] = [
  [/^error: unknown option '([^']*)'/, (flag) => `okänd flagga '${flag}'`],
  [/^error: unknown command '([^']*)'/, (name) => `okänt kommando '${name}'`],
  [/^error: missing required argument '([^']*)'/, (name) => `argumentet <${name}> saknas`],
  [/^error: option '([^']*)' argument missing/, (flags) => `flaggan '${flags}' saknar sitt värde`],
  [/^error: required option '([^']*)' not specified/, (flags) => `flaggan '${flags}' måste anges`],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\./, (flags, value) => `flaggan '${flags}': värdet '${value}' är ogiltigt.`],
  [/^error: command-argument value '([^']*)' is invalid for argument '([^']*)'\./, (value, name) => `värdet '${value}' är ogiltigt för argumentet <${name}>.`],
  [
    /^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./,
    (command, expected, got) => `för många argument${command ? ` till '${command}'` : ''}: väntade ${expected}, fick ${got}.`,
  ],
  [/^error: (.*) cannot be used with (.*)$/m, (a, b) => `${a} kan inte användas tillsammans med ${b}`],
  [/\(Did you mean one of ([^?]*)\?\)/, (list) => `(menade du någon av ${list}?)`],
  [/\(Did you mean ([^?]*)\?\)/, (one) => `(menade du ${one}?)`],
];

/** A commander error message in Swedish, prefixed `arende: ` as every error of the command is. */
export function swedishError(text: string): string {
  let out = text;
  for (const [pattern, swedish] of ERRORS) out = out.replace(pattern, (_m, ...groups: unknown[]) => swedish(...(groups.slice(0, -2) as string[])));
  return out.replace(/^error: /, '').replace(/^/, 'arende: ');
}

const TITLES: Record<string, string> = {
  'Usage:': 'Användning:',
  'Options:': 'Flaggor:',
  'Global Options:': 'Globala flaggor:',
  'Commands:': 'Kommandon:',
  'Arguments:': 'Argument:',
};

/** Help text details commander adds to a description: `(default: …)`, `choices:`, `env:`, `preset:`. */
function swedishDetails(text: string): string {
  return text.replace(/\bdefault: /g, 'standard: ').replace(/\bchoices: /g, 'val: ').replace(/\bpreset: /g, 'förval: ').replace(/\benv: /g, 'miljövariabel: ');
}

const HELP: Partial<Help> = {
  styleTitle: (title: string) => TITLES[title] ?? title,
  // `[options]` and `[command]` in the usage line and the list of subcommands.
  styleOptionText: (text: string) => (text === '[options]' ? '[flaggor]' : text),
  styleSubcommandText: (text: string) => (text === '[command]' ? '[kommando]' : text),
  styleOptionDescription: (text: string) => swedishDetails(text),
  styleArgumentDescription: (text: string) => swedishDetails(text),
};

/** Applies the Swedish help and help texts to `command` and every subcommand. */
export function swedishCommander(command: Command): void {
  command.configureHelp(HELP).helpOption('-h, --help', 'visa hjälpen för kommandot');
  if (command.commands.length > 0) command.helpCommand('help [kommando]', 'visa hjälpen för ett kommando');
  for (const sub of command.commands) swedishCommander(sub);
}
