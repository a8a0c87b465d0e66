// What the CLI prints: readable tables (cli-table3, no colours, so a pipe or a log file gets plain
// text) or, with --json, one JSON document for scripts. Times are shown in Europe/Stockholm.
import Table from 'cli-table3';
import { dnrFromSlug } from '../../domain/dnr';
import { stockholmOffsetMinutes } from '../../domain/dates';
import { UsageError } from './errors';
import type { CliIo } from './io';
import { Dnr } from '../../domain/values';
import { stageWord, trackStateWord } from '../../domain/words';
import type { EventReceipt } from '../../workflows/messages';

export function table(head: string[], rows: (string | number | undefined)[][]): string {
  const t = new Table({ head, style: { head: [], border: [] }, wordWrap: true });
  for (const row of rows) t.push(row.map((cell) => (cell === undefined ? '' : String(cell))));
  return `${t.toString()}\n`;
}

/** Label/value lines with the labels aligned. */
export function sections(lines: [string, string | undefined][]): string {
  const shown = lines.filter((l): l is [string, string] => l[1] !== undefined && l[1] !== '');
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}\n`).join('');
}

/** An instant as Stockholm wall-clock time: `2026-03-25 13:05`. */
export function stockholmTime(iso: string | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + stockholmOffsetMinutes(ms) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** A Dnr argument: `RS/62/2026` or its slug `RS-62-2026`. */
export function dnrArgument(command: string, value: string): Dnr {
  const candidate = value.includes('/') ? value : (dnrFromSlug(value) ?? value);
  const parsed = Dnr.safeParse(candidate);
  if (!parsed.success) throw new UsageError(`arende ${command}: <dnr>: "${value}" ska skrivas ORGAN/NUMMER/ÅR med versaler, t.ex. RS/62/2026 (eller RS-62-2026)`);
  return parsed.data;
}

/** A receipt as a person reads it: the log's text and the case's stage, or the track's state, in words. */
export function receiptLine(dnr: string, receipt: EventReceipt, of: 'case' | 'track'): string {
  const where = of === 'track' ? `spårets läge: ${trackStateWord(receipt.stage)}` : `ärendets stadium: ${stageWord(receipt.stage)}`;
  return `${dnr}: ${receipt.message} (${where})\n`;
}
