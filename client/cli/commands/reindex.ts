// `arende reindex [--check]`: rebuilds the read model (ARENDE_READ_MODEL_URL or
// ARENDE_READ_MODEL_FILE) from the workflows in Temporal, or with --check compares it with them and
// writes nothing. Always straight to Temporal (an operator's tool: it lists and queries every
// workflow), never through the HTTP API. The work is client/read-model-rebuild.ts.
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { loadParties } from '../../../config/load-parties';
import { ReadModelEnvironment, readEnvironment, readModelStore } from '../../../config/environment';
import { openReadModel, type ReadModel } from '../../../readmodel/open';
import { differenceInWords, differencesCount, duration, number, workflowCounts, workflowsCount } from '../../../readmodel/reindex-rows';
import { checkReadModel, reindexReadModel, type ReadFailure, type RebuildOptions } from '../../read-model-rebuild';
import { EXIT, SilentExit, UsageError } from '../errors';
import { withTemporal } from '../gateway';
import type { CliIo } from '../io';
import { printJson } from '../output';

interface ReindexOptions {
  check?: boolean;
  json?: boolean;
}

/** Without a terminal: a line at most this often (and the last one), so a log shows it is moving. */
const PLAIN_PROGRESS_MS = 5_000;

/** Progress on stderr: a bar on a terminal, otherwise a plain line now and then. */
function progress(io: CliIo, verb: string): Pick<RebuildOptions, 'onListed' | 'onProgress'> & { stop(): void } {
  let bar: SingleBar | undefined;
  let last = 0;
  return {
    onListed: ({ cases, tracks }) => {
      if (!io.errIsTty) return io.err(`${verb} ${workflowCounts(cases, tracks)} …\n`);
      bar = new SingleBar({ format: `${verb} [{bar}] {value}/{total} arbetsflöden`, stream: io.errStream ?? process.stderr, hideCursor: true, clearOnComplete: false });
      bar.start(cases + tracks, 0);
    },
    onProgress: (done, total) => {
      if (bar) return bar.update(done);
      if (done === total || Date.now() - last >= PLAIN_PROGRESS_MS) {
        last = Date.now();
        io.err(`${number(done)}/${number(total)} arbetsflöden lästa\n`);
      }
    },
    stop: () => {
      bar?.stop();
      bar = undefined;
    },
  };
}

async function withReadModel<T>(work: (db: ReadModel) => Promise<T>): Promise<T> {
  let store;
  try {
    store = readModelStore(readEnvironment(ReadModelEnvironment));
  } catch (err) {
    throw new UsageError(`arende reindex: ${(err as Error).message}`);
  }
  let db: ReadModel;
  try {
    db = await openReadModel(store);
  } catch (err) {
    const where = store.kind === 'embedded' ? store.file : 'PostgreSQL (ARENDE_READ_MODEL_URL)';
    throw new Error(`läsmodellen i ${where} kunde inte öppnas: ${(err as Error).message}`, { cause: err });
  }
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** `RS/62/2026 Krokoms kommun: svarade inte inom 15 s …`: the party named as the registry names it. */
function failureLines(failures: readonly ReadFailure[]): string {
  const registry = failures.some((f) => f.party) ? loadParties() : undefined;
  return failures.map((f) => `${f.dnr ?? f.workflowId}${f.party ? ` ${registry?.get(f.party)?.name ?? f.party}` : ''}: ${f.reason}\n`).join('');
}

export function registerReindexCommand(program: Command, io: CliIo): void {
  program
    .command('reindex')
    .description(
      'Bygg om läsmodellen (listorna) från arbetsflödena i Temporal: varje ärende och beslutsspår, pågående och avslutade som Temporal ännu har, ' +
        'frågas om sitt läge och dess rader skrivs; rader utan arbetsflöde tas bort. Går alltid direkt till Temporal (TEMPORAL_ADDRESS …) och kräver att workern kör. ' +
        'Läsmodellen: ARENDE_READ_MODEL_URL (PostgreSQL) eller ARENDE_READ_MODEL_FILE (standard data/readmodel.sqlite).',
    )
    .option('--check', 'jämför bara: skriv ut varje skillnad mellan läsmodellen och arbetsflödena och ändra ingenting (exit 1 om någon finns)')
    .option('--json', 'skriv resultatet som JSON')
    .action(async (options: ReindexOptions) => {
      await withTemporal(({ client }) => withReadModel(async (db) => {
        const bar = progress(io, options.check ? 'Jämför' : 'Bygger om');
        let failures: ReadFailure[];
        let failed: boolean;
        try {
          if (options.check) {
            const result = await checkReadModel(client, db, bar);
            bar.stop();
            failures = result.failures;
            failed = result.differences.length > 0 || failures.length > 0;
            if (options.json) {
              printJson(io, { ...result, differences: result.differences.map((d) => ({ ...d, text: differenceInWords(d) })) });
            } else {
              io.out(result.differences.map((d) => `${differenceInWords(d)}\n`).join(''));
              io.out(`Läsmodellen jämförd med Temporal: ${workflowCounts(result.cases, result.tracks)} på ${duration(result.ms)}; ${differencesCount(result.differences.length)}.\n`);
            }
          } else {
            const summary = await reindexReadModel(client, db, bar);
            bar.stop();
            failures = summary.failures;
            failed = failures.length > 0;
            if (options.json) printJson(io, summary);
            else {
              const removed = summary.removed ? `; rader för ${workflowsCount(summary.removed)} som inte finns i Temporal borttagna` : '';
              io.out(`Läsmodellen byggd om: ${workflowCounts(summary.cases, summary.tracks)} på ${duration(summary.ms)}${removed}.\n`);
            }
          }
        } finally {
          bar.stop();
        }
        if (failures.length > 0) {
          io.err(failureLines(failures));
          io.err(`${workflowsCount(failures.length)} kunde inte läsas; ${options.check ? 'de jämfördes inte' : 'deras rader lämnades orörda'}.\n`);
        }
        if (failed) throw new SilentExit(EXIT.failure);
      }));
    });
}
