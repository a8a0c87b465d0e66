// `arende parse <fil> [--json] [--katalog <dir>]`: reads a kallelse, protokoll or protokollsutdrag
// (PDF or text) here, with no server, into what a person confirms (client/api/documents.ts
// readDocument, the API's own reading). Without flags a summary in Swedish: each item with the fields
// found and their lines, what is missing, the notes; a huvudman's decisions likewise. `--json` prints
// the proposed cases as case files (domain/case-file.ts), `--katalog` writes one file per case: fill in
// what they lack, then `arende import` them — the import's validation names every field still missing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadParties } from '../../../config/load-parties';
import { dnrSlug } from '../../../domain/dnr';
import { fieldLabel } from '../../../domain/field-labels';
import type { DocumentType, ItemKind } from '../../../domain/documents';
import type { PartyRegistry } from '../../../domain/parties';
import type { Dnr } from '../../../domain/values';
import { DocumentTextError, documentText } from '../../../lib/document-text';
import { readDocument, type DocumentReading } from '../../api/documents';
import { UsageError } from '../errors';
import type { CliIo } from '../io';
import { printJson } from '../output';

interface ParseOptions {
  json?: boolean;
  katalog?: string;
}

const TYPE_WORDS: Record<DocumentType, string> = { kallelse: 'kallelse/föredragningslista', protokoll: 'protokoll', protokollsutdrag: 'protokollsutdrag' };
const KIND_WORDS: Record<ItemKind, string> = {
  recommendation: 'rekommendation till huvudmännen',
  arende: 'ärende',
  bilaga: 'bilaga',
  information: 'information',
  'fastst-lista': 'fastställande av föredragningslistan',
  justerare: 'val av justerare',
  paus: 'paus',
  'ovriga-fragor': 'övriga frågor',
};
const OUTCOME_WORDS: Record<string, string> = { bifall: 'bifall', avslag: 'avslag', aterremiss: 'återremiss', bordlaggning: 'bordläggning' };

/** A case file as `arende import` reads it: the registration so far and the events the protokoll shows. */
export interface ProposedCaseFile {
  registration: Record<string, unknown>;
  events: Record<string, unknown>[];
}

/** "rad 47–48", "rad 75–77, 80". */
export function lineWords(lines: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    runs.push(j > i ? `${lines[i]}–${lines[j]}` : `${lines[i]}`);
    i = j + 1;
  }
  return `rad ${runs.join(', ')}`;
}

/** An item's first and last line: "rad 47–89". */
const spanWords = (lines: readonly number[]) => (lines.length > 1 && lines.at(-1) !== lines[0] ? `rad ${lines[0]}–${lines.at(-1)}` : `rad ${lines[0]}`);

/** A value in a line: text on its first line (shortened), a list as its count, a recipient by its name. */
function valueWords(value: unknown): string {
  if (Array.isArray(value)) return value.length === 1 ? valueWords(value[0]) : `${value.length} st`;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return String(v.name ?? v.organisation ?? v.role ?? v.title ?? v.party ?? v.group ?? '');
  }
  const text = OUTCOME_WORDS[String(value)] ?? String(value);
  const first = text.split('\n')[0]!;
  return first.length > 70 || text.includes('\n') ? `${first.slice(0, 70)} …` : first;
}

function valueAt(draft: Record<string, unknown>, field: string): unknown {
  return field.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), draft);
}

type PartyName = (id: string) => string | undefined;

function proposalLines(p: { draft: Record<string, unknown>; sources: Record<string, number[]>; missing: string[]; notes: { field: string; message: string }[] }, partyName: PartyName): string {
  let out = '';
  for (const [field, lines] of Object.entries(p.sources)) {
    const value = valueAt(p.draft, field);
    // A party by its name, never its id.
    const words = field === 'party' || field === 'recommendedBy' ? (partyName(String(value)) ?? String(value)) : valueWords(value);
    out += `    ${fieldLabel(field)}: ${words} (${lineWords(lines)})\n`;
  }
  if (p.missing.length) out += `    Saknas: ${p.missing.map((f) => fieldLabel(f)).join(', ')}\n`;
  for (const note of p.notes) out += `    Obs (${fieldLabel(note.field)}): ${note.message}\n`;
  return out;
}

/** The summary a person reads. */
export function readingInWords(file: string, reading: DocumentReading, partyName: PartyName): string {
  const h = reading.header;
  let out = `${file}: ${TYPE_WORDS[reading.type]}\n`;
  out += `  Organ: ${h.organ ? `${h.organ.value} (${lineWords(h.organ.lines)})` : 'hittades inte'}\n`;
  out += `  Sammanträde: ${h.meetingDate ? `${h.meetingDate.value} (${lineWords(h.meetingDate.lines)})` : 'hittades inte'}\n`;
  if (h.justeringDate) out += `  Justerat: ${h.justeringDate.value} (${lineWords(h.justeringDate.lines)})\n`;
  if (h.anslagPosted) out += `  Anslaget: ${h.anslagPosted.value} (${lineWords(h.anslagPosted.lines)})\n`;
  if (reading.items.length === 0) out += '\nInga punkter hittades: är filen en kallelse, ett protokoll eller ett protokollsutdrag?\n';
  else out += `\nPunkter (${reading.items.length})\n`;
  for (const item of reading.items) {
    const f = item.fields;
    const at = f.paragraf ? `§ ${f.paragraf.value}` : f.number ? `${f.number.value}.` : '–';
    out += `  ${at} ${f.dnr ? `${f.dnr.value} ` : ''}${f.title?.value ?? '(utan rubrik)'} — ${KIND_WORDS[item.kind]} (${spanWords(item.lines)})\n`;
    if (item.proposal) out += proposalLines(item.proposal, partyName);
  }
  if (reading.decisions.length) {
    out += `\nBeslut (${reading.decisions.length})\n`;
    for (const d of reading.decisions) {
      const f = d.fields;
      out += `  § ${f.paragraf?.value ?? '?'} ${f.dnr ? `${f.dnr.value} ` : ''}${f.title?.value ?? '(utan rubrik)'}\n`;
      if (f.rsrDnr) out += `    RSR:s diarienummer: ${f.rsrDnr.value} (${lineWords(f.rsrDnr.lines)})\n`;
      if (f.rsrMeetingDate && f.rsrParagraf) out += `    Svarar på RSR ${f.rsrMeetingDate.value} § ${f.rsrParagraf.value} (${lineWords(f.rsrMeetingDate.lines)})\n`;
      out += proposalLines(d.proposal, partyName);
    }
  }
  return out;
}

/**
 * The cases to register: every recommendation, and another item (ärende) when it has a Dnr — one
 * without is rarely a case of the council's to send (a report, a protokoll's own business).
 */
export function proposedCaseFiles(reading: DocumentReading): ProposedCaseFile[] {
  return reading.items.flatMap((item) =>
    item.proposal && (item.kind === 'recommendation' || item.proposal.draft.dnr !== undefined) ? [{ registration: item.proposal.draft, events: item.proposal.events }] : [],
  );
}

async function readingOf(file: string, registry: PartyRegistry): Promise<DocumentReading> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`arende parse: <fil>: ${file} ${code === 'ENOENT' ? 'finns inte' : code === 'EISDIR' ? 'är en katalog, inte en fil' : `kan inte läsas (${code ?? (err as Error).message})`}`);
  }
  try {
    return readDocument(await documentText(bytes), registry);
  } catch (err) {
    if (err instanceof DocumentTextError) throw new UsageError(`arende parse: <fil>: ${file}: ${err.message}`);
    throw err;
  }
}

/** Writes one file per case, none if any would overwrite a file; what it wrote and what each still lacks. */
function writeCatalogue(dir: string, reading: DocumentReading, files: ProposedCaseFile[]): string {
  const missing = new Map(reading.items.flatMap((i) => (i.proposal ? [[i.proposal.draft, i.proposal.missing] as const] : [])));
  const named = files.map((f, i) => ({ file: f, name: `${typeof f.registration.dnr === 'string' ? dnrSlug(f.registration.dnr as Dnr) : `punkt-${i + 1}`}.json` }));
  const taken = named.filter((n) => existsSync(path.join(dir, n.name)));
  if (taken.length) throw new UsageError(`arende parse: --katalog: ${taken.map((n) => path.join(dir, n.name)).join(', ')} finns redan: ingen fil skrevs över (ta bort dem eller välj en annan katalog)`);
  mkdirSync(dir, { recursive: true });
  let out = '';
  for (const { file, name } of named) {
    const target = path.join(dir, name);
    writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx' });
    const lacks = missing.get(file.registration) ?? [];
    out += `Skrev ${target}${lacks.length ? `; saknas: ${lacks.map((f) => fieldLabel(f)).join(', ')}` : ''}\n`;
  }
  if (named.length === 0) out += 'Inga ärenden att skriva: handlingen har inga rekommendationer eller ärenden med diarienummer.\n';
  else out += `Fyll i det som saknas och kör sedan arende import ${dir}\n`;
  return out;
}

export function registerParseCommand(program: Command, io: CliIo): void {
  program
    .command('parse')
    .description(
      'Läs en kallelse/föredragningslista, ett protokoll eller ett protokollsutdrag (PDF eller text) och visa vad som hittades: ' +
        'varje punkt med sina fält och rader, vad som saknas, och en huvudmans beslut. Körs här, utan server; ingenting registreras. ' +
        '--json skriver de föreslagna ärendena som ärendefiler (en JSON-lista) och --katalog en fil per ärende: fyll i det som saknas och importera med arende import.',
    )
    .argument('<fil>', 'handlingen: en PDF-fil eller en textfil (UTF-8)')
    .option('--json', 'skriv de föreslagna ärendena som en JSON-lista av ärendefiler (som demo/cases)')
    .option('--katalog <dir>', 'skriv en ärendefil per föreslaget ärende i katalogen, <Dnr>.json (skriver aldrig över en fil)')
    .action(async (file: string, options: ParseOptions) => {
      if (options.katalog !== undefined && options.katalog.trim() === '') throw new UsageError('arende parse: --katalog: ange en katalog');
      const registry = loadParties();
      const reading = await readingOf(file, registry);
      const files = proposedCaseFiles(reading);
      if (options.katalog !== undefined) {
        const written = writeCatalogue(options.katalog, reading, files);
        if (options.json) {
          io.err(written);
          printJson(io, files);
        } else io.out(written);
        return;
      }
      if (options.json) {
        if (reading.decisions.length) io.err(`${file}: en huvudmans ${TYPE_WORDS[reading.type]}: ${reading.decisions.length} beslut, inga ärenden att registrera (utan --json visas besluten)\n`);
        printJson(io, files);
        return;
      }
      io.out(readingInWords(file, reading, (id) => registry.get(id)?.name));
    });
}
