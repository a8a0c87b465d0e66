// Calendar dates and instants for the domain. Workflow code imports this module, so everything here
// is pure and free of zod (its schemas, IsoDate and IsoInstant, are in values.ts): a date is a
// `YYYY-MM-DD` string, arithmetic goes through UTC day numbers (never the machine's timezone), and
// "today" is always passed in, never read from a clock.
import type { IsoDate } from './values';

export type { IsoDate, IsoInstant } from './values';

const MS_PER_DAY = 86_400_000;
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOOSE_SHAPE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

const MONTHS = [
  'januari', 'februari', 'mars', 'april', 'maj', 'juni',
  'juli', 'augusti', 'september', 'oktober', 'november', 'december',
] as const;
const WEEKDAYS = ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why `input` is not a calendar date, in plain Swedish; undefined when it is one. */
export function isoDateProblem(input: unknown): string | undefined {
  if (typeof input !== 'string') return 'ska vara ett datum skrivet ÅÅÅÅ-MM-DD, t.ex. 2026-01-26';
  const shape = SHAPE.exec(input);
  if (!shape) {
    const loose = LOOSE_SHAPE.exec(input);
    const hint = loose
      ? `${loose[1]}-${loose[2]!.padStart(2, '0')}-${loose[3]!.padStart(2, '0')}`
      : '2026-01-26';
    return `"${input}" ska skrivas ÅÅÅÅ-MM-DD, t.ex. ${hint}`;
  }
  const year = Number(shape[1]);
  const month = Number(shape[2]);
  const day = Number(shape[3]);
  if (month < 1 || month > 12) return `"${input}" finns inte i kalendern (månaden ska vara 01–12)`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    return `"${input}" finns inte i kalendern (${MONTHS[month - 1]} ${year} har ${last} dagar)`;
  }
  return undefined;
}

/** Parses a trusted literal (tests, data); throws with the Swedish reason if it is not a date. */
export function isoDate(input: string): IsoDate {
  const problem = isoDateProblem(input);
  if (problem) throw new RangeError(problem);
  return input as IsoDate;
}

export function isIsoDate(input: unknown): input is IsoDate {
  return isoDateProblem(input) === undefined;
}

// A day number counts days since 1970-01-01; UTC is used only as a timezone-free calendar.
function toDayNumber(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

function fromDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10) as IsoDate;
}

export function dateFromParts(year: number, month: number, day: number): IsoDate {
  return isoDate(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

export function dateParts(date: IsoDate): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
export function dayOfWeek(date: IsoDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0; // ISO strings sort chronologically
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? b : a;
}

export function weekdayName(date: IsoDate): string {
  return WEEKDAYS[dayOfWeek(date)]!;
}

/** "torsdag 15 maj 2025", for texts people read. */
export function formatSwedishDate(date: IsoDate): string {
  const { year, month, day } = dateParts(date);
  return `${weekdayName(date)} ${day} ${MONTHS[month - 1]} ${year}`;
}

// Europe/Stockholm is CET (UTC+1) with EU summer time (UTC+2) from 01:00 UTC on the last Sunday
// of March to 01:00 UTC on the last Sunday of October. Computed here because the workflow
// sandbox must not depend on the host's timezone database.
function lastSundayUtcMs(year: number, month: number): number {
  const lastDay = dateFromParts(year, month, daysInMonth(year, month));
  const sunday = addDays(lastDay, -dayOfWeek(lastDay));
  return toDayNumber(sunday) * MS_PER_DAY;
}

/** Offset of Europe/Stockholm from UTC at `epochMs`, in minutes (60 or 120). */
export function stockholmOffsetMinutes(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const summerStart = lastSundayUtcMs(year, 3) + 3_600_000;
  const summerEnd = lastSundayUtcMs(year, 10) + 3_600_000;
  return epochMs >= summerStart && epochMs < summerEnd ? 120 : 60;
}

/** The calendar date in Europe/Stockholm at an instant (e.g. the workflow's deterministic now). */
export function stockholmDate(epochMs: number): IsoDate {
  return new Date(epochMs + stockholmOffsetMinutes(epochMs) * 60_000).toISOString().slice(0, 10) as IsoDate;
}

/**
 * The instant of a local wall-clock time in Europe/Stockholm (default midnight), for durable
 * timers. A time in the spring-forward gap resolves to the hour after; an ambiguous autumn time
 * to its first occurrence.
 */
export function stockholmInstant(date: IsoDate, hour = 0, minute = 0): number {
  const wallClockAsUtc = toDayNumber(date) * MS_PER_DAY + (hour * 60 + minute) * 60_000;
  const summer = wallClockAsUtc - 120 * 60_000;
  return stockholmOffsetMinutes(summer) === 120 ? summer : wallClockAsUtc - 60 * 60_000;
}
