// The `arende` command tree, for tests that must cover every command (a new one cannot slip past).
import type { Command } from 'commander';
import { buildProgram } from '../../client/cli/main';

/** Every command a person can run: the leaves of the command tree, as `['case', 'show']`, `['decide']`, … */
export function leafCommands(command: Command = buildProgram({ out: () => undefined, err: () => undefined }), prefix: string[] = []): string[][] {
  return command.commands
    .flatMap((c) => (c.commands.length ? leafCommands(c, [...prefix, c.name()]) : [[...prefix, c.name()]]))
    .filter((path) => path.at(-1) !== 'help');
}

/** The command at `path`. */
export function commandAt(program: Command, path: readonly string[]): Command {
  let command = program;
  for (const name of path) command = command.commands.find((c) => c.name() === name)!;
  return command;
}
