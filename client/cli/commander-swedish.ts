// commander's own words in Swedish: its parse errors (a missing flag, an unknown option …) and the
// help's headings. Everything `arende` prints is Swedish, also what the library writes for it.
import { Help, type Command } from 'commander';

/** commander's error messages (commander 14, lib/command.js) and their Swedish, by pattern. */
const ERRORS: [RegExp, (...groups: string[]) => string][] = [
  [/^error: missing required argument '(.+?)'/, (name) => `<${name}>: saknas`],
  [/^error: option '(.+?)' argument missing/, (flags) => `${flags}: värdet saknas`],
  [/^error: required option '(.+?)' not specified/, (flags) => `${flags}: saknas (flaggan krävs)`],
  [/^error: unknown option '(.+?)'/, (flag) => `okänd flagga ${flag}`],
  [/^error: unknown command '(.+?)'/, (name) => `okänt kommando ${name}`],
  [/^error: too many arguments(?: for '.+?')?\. Expected (\d+) arguments? but got (\d+)\./, (expected, got) => `för många argument: väntade ${expected}, fick ${got}`],
  [/^error: (.+?) cannot be used with (.+)$/m, (a, b) => `${a} kan inte användas tillsammans med ${b}`],
  [/^error: option '(.+?)' argument '(.+?)' is invalid\./, (flags, value) => `${flags}: "${value}" är ogiltigt`],
];

const SUGGESTION = /\n\(Did you mean (?:one of )?(.+?)\?\)/;

/** One of commander's error lines in Swedish, as `arende <kommando>: …`; anything else as it came. */
export function swedishError(text: string, command: string): string {
  const suggestion = text.match(SUGGESTION)?.[1];
  const rest = text.replace(SUGGESTION, '');
  for (const [pattern, say] of ERRORS) {
    const match = rest.match(pattern);
    if (match) return `${command}: ${say(...match.slice(1))}${suggestion ? ` (menade du ${suggestion.replace(/, /g, ' eller ')}?)` : ''}\n`;
  }
  return text.replace(/^error: /, `${command}: `);
}

const TITLES: Record<string, string> = {
  'Usage:': 'Användning:',
  'Options:': 'Flaggor:',
  'Commands:': 'Kommandon:',
  'Arguments:': 'Argument:',
  'Global Options:': 'Gemensamma flaggor:',
};

/** `[options]` and `[command]` in a usage line or a command's term. */
const terms = (text: string) => text.replace(/\[options\]/g, '[flaggor]').replace(/\[command\]/g, '[kommando]');

/** What commander adds to a description: `(default: …)`, `choices:`, `env:`, `preset:`. */
const details = (text: string) => text.replace(/\bdefault: /g, 'standard: ').replace(/\bchoices: /g, 'val: ').replace(/\bpreset: /g, 'förval: ').replace(/\benv: /g, 'miljövariabel: ');

/**
 * The help's headings and terms, its help flag and help command in Swedish, on `command`. Set it
 * before the subcommands are added: they inherit it.
 */
export function swedishHelp(command: Command): Command {
  return command
    .helpOption('-h, --help', 'visa hjälpen')
    .configureHelp({
      styleTitle: (title) => TITLES[title] ?? title,
      styleOptionDescription: details,
      styleArgumentDescription: details,
      commandUsage: (cmd) => terms(Help.prototype.commandUsage.call(new Help(), cmd)),
      subcommandTerm: (cmd) => terms(Help.prototype.subcommandTerm.call(new Help(), cmd)),
    })
    .helpCommand('help [kommando]', 'visa hjälpen för ett kommando');
}
