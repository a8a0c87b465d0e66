// Reading case files (domain/case-file.ts: `{ registration, events[] }`, as in demo/cases/) or a bare
// registration, and replaying a file's events onto its case so that a second run changes nothing.
import { readFileSync } from 'node:fs';
import { CaseRegistration } from '../../domain/case';
import { CaseFile } from '../../domain/case-file';
import type { TrackStatus } from '../../domain/track-rules';
import type { LogEntry } from '../../domain/rules';
import { validate, ValidationError } from '../../domain/errors';
import type { HumanEvent } from '../../domain/events';
import { eventParty } from '../../domain/rules';
import type { CaseStatus } from '../../workflows/messages';
import { CaseNotFound, CaseRefused, CaseUnavailable, type CaseGateway } from '../api/gateway';
import { ApiRequestError } from './http-gateway';
import { ServerUnreachable, UsageError } from './errors';

/** A file's JSON; a file that cannot be read or is not JSON is a UsageError naming it. */
function jsonOfFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: filen kan inte läsas (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: filen är inte giltig JSON: ${(err as Error).message}`);
  }
}

/** One case file or bare registration, validated; ValidationError per field. */
function caseFileOf(raw: unknown): CaseFile {
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'registration' in raw) {
    const result = validate(CaseFile, raw);
    if (!result.ok) throw new ValidationError(result.issues);
    return result.value;
  }
  const result = validate(CaseRegistration, raw);
  if (!result.ok) throw new ValidationError(result.issues);
  return { registration: result.value, events: [] };
}

/** Reads a case file or a bare registration; a file that does not validate throws ValidationError (per field). */
export function readCaseFile(file: string): CaseFile {
  return caseFileOf(jsonOfFile(file));
}

/**
 * The cases of a file for `arende import`: one (a case file or a bare registration), or each element
 * of a JSON array of them (what `arende parse --json` prints). Each is read when called, so one bad
 * element (e.g. a field still to fill in) is reported on its own and the others go on.
 */
export function readCaseFiles(file: string): Array<{ dnr?: string; read: () => CaseFile }> {
  const raw = jsonOfFile(file);
  const entry = (element: unknown) => ({ ...dnrOf(element), read: () => caseFileOf(element) });
  if (!Array.isArray(raw)) return [entry(raw)];
  if (raw.length === 0) throw new UsageError(`${file}: filen är en tom lista: den innehåller inga ärenden`);
  return raw.map(entry);
}

/** The Dnr a case file names, valid or not: its row says which case a refusal is about. */
function dnrOf(raw: unknown): { dnr?: string } {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const registration = o.registration && typeof o.registration === 'object' ? (o.registration as Record<string, unknown>) : o;
  return typeof registration.dnr === 'string' ? { dnr: registration.dnr } : {};
}

/** The refusal of a request by the case itself (409 through the API). */
export function refusalMessage(err: unknown): string | undefined {
  if (err instanceof CaseRefused) return err.message;
  if (err instanceof ApiRequestError && err.status === 409) return err.message;
  return undefined;
}

function trackOf(status: CaseStatus, party: string): TrackStatus | undefined {
  const full = (status as CaseStatus & { trackStatus?: TrackStatus[] }).trackStatus;
  return full?.find((t) => t.party === party) ?? status.tracks.find((t) => t.party === party)?.final;
}

/** Whether the case already holds `event` (same meeting, §, date), judged from its status and log. */
export function alreadyRecorded(status: CaseStatus, log: readonly LogEntry[], event: HumanEvent): boolean {
  const party = eventParty(event);
  const track = party ? trackOf(status, party) : undefined;
  switch (event.type) {
    case 'beredning-recorded':
      return log.some((e) => e.type === 'beredning-recorded' && e.text.includes(`${event.organ} ${event.meetingDate}`));
    case 'rsr-decided':
      return status.rsr?.meetingDate === event.meetingDate && status.rsr.paragraf === event.paragraf;
    case 'justering-recorded':
      return (party ? track?.justering?.date : status.justering?.date) === event.date;
    case 'anslag-posted':
      return (party ? track?.anslag?.posted : status.anslag?.posted) === event.posted;
    case 'huvudman-decided':
      return Boolean(track?.decisions.some((d) => d.meetingDate === event.meetingDate && d.paragraf === event.paragraf));
    case 'appeal-filed':
      return party ? track?.appeal?.filedOn === event.filedOn : status.appeals.some((a) => a.filedOn === event.filedOn && a.party === undefined);
    case 'withdrawn':
      return status.withdrawn?.date === event.date;
    case 'correction-recorded':
      return log.some((e) => e.type === 'correction-recorded' && e.text.includes(`skäl: ${event.reason}`));
  }
}

/**
 * A failure that every further case would meet too (the server is unreachable, the token is not
 * accepted): an import stops there instead of failing each case the same way.
 */
export function stopsTheImport(err: unknown): boolean {
  return err instanceof ServerUnreachable || (err instanceof ApiRequestError && (err.status === 0 || err.status === 401 || err.status === 403));
}

/** Why one event or case could not be carried out, in Swedish; undefined for a failure that stops the import. */
export function caseFailureMessage(err: unknown): string | undefined {
  if (stopsTheImport(err)) return undefined;
  const refusal = refusalMessage(err);
  if (refusal !== undefined) return refusal;
  if (err instanceof ApiRequestError) return `${err.message}${err.details.length ? `: ${err.details.map((d) => `${d.path}: ${d.message}`).join('; ')}` : ''}`;
  if (err instanceof CaseNotFound || err instanceof CaseUnavailable) return err.message;
  return err instanceof Error ? err.message : String(err);
}

export interface ReplayOutcome {
  dnr: string;
  created: boolean;
  message: string;
  /** The case existed and has ended (every track final, or withdrawn): it takes no more events. */
  closed?: 'completed' | 'withdrawn';
  applied: number;
  alreadyRecorded: number;
  /** Events of a closed case that it does not hold: not sent (the case takes no more). */
  notSent: number;
  refused: { event: number; type: string; reason: string }[];
}

/**
 * Registers the file's case (idempotent: the workflow id derives from the Dnr) and records its events
 * in order. On a case that already existed, events it already holds are skipped; any other event is
 * sent with its update id (client/cases.ts), so a repeated request is deduplicated by Temporal.
 * After a refused event the rest of the file is not sent (they follow from it).
 */
export async function replayCaseFile(gateway: CaseGateway, file: CaseFile, actor: string): Promise<ReplayOutcome> {
  const registered = await gateway.register(file.registration, actor);
  const outcome: ReplayOutcome = { dnr: registered.dnr, created: registered.created, message: registered.message, applied: 0, alreadyRecorded: 0, notSent: 0, refused: [] };
  let known: { status: CaseStatus; log: LogEntry[] } | undefined;
  if (!registered.created) {
    // An existing case: is it still running, and which of the file's events does it hold?
    const status = await gateway.status(registered.dnr);
    if (status.stage === 'completed' || status.stage === 'withdrawn') outcome.closed = status.stage;
    if (file.events.length > 0) known = { status, log: await gateway.events(registered.dnr) };
  }
  for (const [index, event] of file.events.entries()) {
    if (known && alreadyRecorded(known.status, known.log, event)) {
      outcome.alreadyRecorded++;
      continue;
    }
    if (outcome.closed) {
      outcome.notSent++;
      continue;
    }
    try {
      await gateway.recordEvent(registered.dnr, event, actor);
      outcome.applied++;
    } catch (err) {
      // A refusal, or the case ended meanwhile: said for this case; the rest of the file follows from it.
      const reason = caseFailureMessage(err);
      if (reason === undefined) throw err;
      outcome.refused.push({ event: index + 1, type: event.type, reason });
      break;
    }
  }
  return outcome;
}
