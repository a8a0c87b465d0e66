// `arende import <fil|katalog>`: registers many cases from case files and replays their events in
// order. Safe to run again: a case that exists is not created twice, events it already holds are
// skipped, and every event is sent with its update id so Temporal deduplicates a repeat.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { checkCaseAgainstRegistry } from '../../../domain/case';
import { ValidationError, summarizeIssues } from '../../../domain/errors';
import { loadParties } from '../../../config/load-parties';
import { readCaseFile, refusalMessage, replayCaseFile, type ReplayOutcome } from '../case-files';
import { EXIT, SilentExit, UsageError } from '../errors';
import { ApiRequestError } from '../http-gateway';
import { addConnectionOptions, withGateway, type ConnectionOptions } from '../gateway';
import type { CliIo } from '../io';
import { printJson, table } from '../output';
import { eventTypeWord, refusalInWords } from '../../../domain/words';

interface ImportOptions extends ConnectionOptions {
  json?: boolean;
}

export interface ImportSummary {
  files: number;
  registered: number;
  alreadyExisted: number;
  eventsApplied: number;
  eventsAlreadyRecorded: number;
  refused: { file: string; dnr?: string; event?: number; type?: string; reason: string }[];
  cases: (ReplayOutcome & { file: string })[];
}

function caseFiles(target: string): string[] {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    throw new UsageError(`arende import: <fil|katalog>: ${target} finns inte`);
  }
  if (!stat.isDirectory()) return [target];
  const files = readdirSync(target)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(target, name));
  if (files.length === 0) throw new UsageError(`arende import: <fil|katalog>: ${target} innehåller inga .json-filer`);
  return files;
}

/** Progress on stderr: a bar on a terminal, otherwise one line per file (logs stay readable). */
function progress(io: CliIo, total: number) {
  if (io.errIsTty) {
    const bar = new SingleBar({
      format: 'Importerar [{bar}] {value}/{total} {file}',
      stream: io.errStream ?? process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    });
    bar.start(total, 0, { file: '' });
    return { step: (file: string) => bar.increment(1, { file }), stop: () => bar.stop() };
  }
  let done = 0;
  return {
    step: (file: string, line?: string) => io.err(`[${++done}/${total}] ${file}${line ? `: ${line}` : ''}\n`),
    stop: () => undefined,
  };
}

function describe(outcome: ReplayOutcome): string {
  const parts = [outcome.created ? 'registrerat' : 'fanns redan', `${outcome.applied} händelser`];
  if (outcome.alreadyRecorded) parts.push(`${outcome.alreadyRecorded} redan registrerade`);
  if (outcome.refused.length) parts.push(`avvisad: ${refusalInWords(outcome.refused[0]!.reason)}`);
  return `${outcome.dnr} ${parts.join(', ')}`;
}

export function registerImportCommand(program: Command, io: CliIo): void {
  addConnectionOptions(
    program
      .command('import')
      .description(
        'Importera ärenden ur ärendefiler (en fil, eller alla *.json i en katalog): registrera varje ärende och spela upp dess händelser i ordning. ' +
          'Kan köras om: befintliga ärenden och redan registrerade händelser lämnas orörda. Exit 1 om någon fil eller händelse avvisades.',
      )
      .argument('<fil|katalog>', 'en ärendefil eller en katalog med ärendefiler, t.ex. demo/cases')
      .option('--json', 'skriv sammanfattningen som JSON'),
  ).action(async (target: string, options: ImportOptions) => {
    const files = caseFiles(target);
    const summary: ImportSummary = { files: files.length, registered: 0, alreadyExisted: 0, eventsApplied: 0, eventsAlreadyRecorded: 0, refused: [], cases: [] };
    await withGateway(options, async ({ gateway, mode, actor }) => {
      const registry = mode === 'temporal' ? loadParties() : undefined;
      const bar = progress(io, files.length);
      try {
        for (const file of files) {
          const name = path.relative(process.cwd(), file) || file;
          try {
            const caseFile = readCaseFile(file);
            const issues = registry ? checkCaseAgainstRegistry(caseFile.registration, registry) : [];
            if (issues.length > 0) throw new ValidationError(issues);
            const outcome = await replayCaseFile(gateway, caseFile, actor);
            summary.cases.push({ file: name, ...outcome });
            if (outcome.created) summary.registered++;
            else summary.alreadyExisted++;
            summary.eventsApplied += outcome.applied;
            summary.eventsAlreadyRecorded += outcome.alreadyRecorded;
            for (const r of outcome.refused) summary.refused.push({ file: name, dnr: outcome.dnr, event: r.event, type: r.type, reason: r.reason });
            bar.step(name, describe(outcome));
          } catch (err) {
            // A bad file or a refused registration is reported and the import goes on with the next file.
            const reason =
              err instanceof ValidationError ? summarizeIssues(err.issues)
              : err instanceof UsageError ? err.message
              : err instanceof ApiRequestError && (err.status === 400 || err.status === 409) ? `${err.message}${err.details.length ? `: ${err.details.map((d) => `${d.path}: ${d.message}`).join('; ')}` : ''}`
              : refusalMessage(err);
            if (reason === undefined) throw err;
            summary.refused.push({ file: name, reason });
            bar.step(name, `avvisad: ${reason}`);
          }
        }
      } finally {
        bar.stop();
      }
    });
    if (options.json) printJson(io, summary);
    else {
      io.out(
        table(
          ['Filer', 'Registrerade', 'Fanns redan', 'Händelser', 'Redan registrerade', 'Avvisade'],
          [[summary.files, summary.registered, summary.alreadyExisted, summary.eventsApplied, summary.eventsAlreadyRecorded, summary.refused.length]],
        ),
      );
      if (summary.refused.length) {
        io.out(`\nAvvisat\n${table(['Fil', 'Dnr', 'Händelse', 'Skäl'], summary.refused.map((r) => [r.file, r.dnr, r.event ? `${r.event} (${eventTypeWord(r.type ?? '')})` : 'filen', refusalInWords(r.reason)]))}`);
      }
    }
    // The summary is printed; a refusal still makes the run fail for scripts.
    if (summary.refused.length > 0) throw new SilentExit(EXIT.failure);
  });
}
