// The statutory calendar: Swedish public holidays, working days and the dates that follow from a
// justering and an anslag. Pure and deterministic, imported by workflow code: no zod here (the
// calendar's schemas are in values.ts).
//
// Holidays are computed here rather than taken from a holiday library: `date-holidays` (the usual
// npm choice) pulls in moment-timezone and astronomy tables (about 1.5 MB bundled into every
// workflow sandbox) and lists annandag pingst as an ordinary day before 2005, which is wrong.
import { addDays, compareDates, dateFromParts, dateParts, dayOfWeek, weekdayName } from './dates';
import type { AppealCalendar, AppealCalendarExplanation, AppealCalendarInput, Holiday, IsoDate } from './values';

export type { AppealCalendar, AppealCalendarExplanation, AppealCalendarInput, Holiday } from './values';

const HOLIDAY_ACT = 'lag (1989:253) om allmänna helgdagar';
const PERIOD_ACT = 'lag (1930:173) om beräkning av lagstadgad tid';

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dateFromParts(year, month, day);
}

/** The Saturday in the window starting at month/day (midsommardagen, alla helgons dag). */
function saturdayFrom(year: number, month: number, day: number): IsoDate {
  const start = dateFromParts(year, month, day);
  return addDays(start, (6 - dayOfWeek(start) + 7) % 7);
}

const cache = new Map<number, readonly Holiday[]>();

/** Every holiday and holiday-like eve of `year`, in date order (Sundays not listed). */
export function swedishHolidays(year: number): readonly Holiday[] {
  const cached = cache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const midsommardagen = saturdayFrom(year, 6, 20);
  const helgdag = (date: IsoDate, name: string): Holiday => ({ date, name, kind: 'helgdag' });
  const afton = (date: IsoDate, name: string): Holiday => ({ date, name, kind: 'afton' });
  const list: Holiday[] = [
    helgdag(dateFromParts(year, 1, 1), 'nyårsdagen'),
    helgdag(dateFromParts(year, 1, 6), 'trettondedag jul'),
    helgdag(addDays(easter, -2), 'långfredagen'),
    helgdag(easter, 'påskdagen'),
    helgdag(addDays(easter, 1), 'annandag påsk'),
    helgdag(dateFromParts(year, 5, 1), 'första maj'),
    helgdag(addDays(easter, 39), 'Kristi himmelsfärdsdag'),
    helgdag(addDays(easter, 49), 'pingstdagen'),
    afton(addDays(midsommardagen, -1), 'midsommarafton'),
    helgdag(midsommardagen, 'midsommardagen'),
    helgdag(saturdayFrom(year, 10, 31), 'alla helgons dag'),
    afton(dateFromParts(year, 12, 24), 'julafton'),
    helgdag(dateFromParts(year, 12, 25), 'juldagen'),
    helgdag(dateFromParts(year, 12, 26), 'annandag jul'),
    afton(dateFromParts(year, 12, 31), 'nyårsafton'),
  ];
  // The 2004 amendment (in force 2005-01-01) made 6 June a holiday and annandag pingst a working day.
  if (year >= 2005) list.push(helgdag(dateFromParts(year, 6, 6), 'Sveriges nationaldag'));
  else list.push(helgdag(addDays(easter, 50), 'annandag pingst'));
  list.sort((x, y) => compareDates(x.date, y.date));
  cache.set(year, list);
  return list;
}

export function holidayOn(date: IsoDate): Holiday | undefined {
  return swedishHolidays(dateParts(date).year).find((h) => h.date === date);
}

/** Why `date` is not a working day, in words; undefined for a working day. */
export function nonWorkingReason(date: IsoDate): string | undefined {
  const holiday = holidayOn(date);
  if (holiday) return holiday.name;
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return weekdayName(date);
  return undefined;
}

/** A day on which a statutory period may end (lag 1930:173): not Saturday, Sunday, holiday or eve. */
export function isWorkingDay(date: IsoDate): boolean {
  return nonWorkingReason(date) === undefined;
}

/** `date` itself if it is a working day, else the next one: how lag (1930:173) moves a last day. */
export function workingDayOnOrAfter(date: IsoDate): IsoDate {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

export function firstWorkingDayAfter(date: IsoDate): IsoDate {
  return workingDayOnOrAfter(addDays(date, 1));
}

/** The working day `n` working days before `date` (n = 0 gives `date`); for reminders before a deadline. */
export function workingDaysBefore(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`antalet arbetsdagar ska vara ett heltal ≥ 0, fick ${n}`);
  let day = date;
  for (let left = n; left > 0; ) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

/** KL 8 kap. 12 §: the justering is announced no later than the second day after it, moved by lag (1930:173). */
export function latestAnnouncementDate(justerad: IsoDate): IsoDate {
  return workingDayOnOrAfter(addDays(justerad, 2));
}

/** KL 13 kap. 5 §: an appeal must arrive within three weeks of the posting, moved by lag (1930:173). */
export function lastAppealDay(posted: IsoDate): IsoDate {
  return workingDayOnOrAfter(addDays(posted, 21));
}

/** KL 8 kap. 12 §: the notice stays up until the appeal period has ended. */
export function earliestRemovalDate(posted: IsoDate): IsoDate {
  return firstWorkingDayAfter(lastAppealDay(posted));
}

/** Unappealed, the decision has legal force from the day after the last appeal day. */
export function lagaKraftDate(posted: IsoDate): IsoDate {
  return addDays(lastAppealDay(posted), 1);
}

export function appealCalendar(input: AppealCalendarInput): AppealCalendar {
  const { posted, justerad } = input;
  return {
    ...(justerad ? { justerad, anslagSenast: latestAnnouncementDate(justerad) } : {}),
    posted,
    lastAppealDay: lastAppealDay(posted),
    earliestRemoval: earliestRemovalDate(posted),
    lagaKraft: lagaKraftDate(posted),
  };
}

function dated(date: IsoDate): string {
  return `${date} (${weekdayName(date)})`;
}

/** "2026-04-04 är lördag, 2026-04-05 påskdagen": the days a period was moved over. */
function skipped(from: IsoDate, to: IsoDate): string {
  const parts: string[] = [];
  for (let day = from; compareDates(day, to) < 0; day = addDays(day, 1)) {
    parts.push(`${day} är ${nonWorkingReason(day) ?? 'vardag'}`);
  }
  return parts.join(', ');
}

/** How lag (1930:173) applied to a period that nominally ends on `nominal`. */
function movedBy1930(nominal: IsoDate, actual: IsoDate): string {
  if (nominal === actual) return `${dated(actual)} är en vardag, så dagen står sig.`;
  return (
    `${skipped(nominal, actual)}; enligt ${PERIOD_ACT} flyttas en sista dag som är lördag, söndag, ` +
    `allmän helgdag (${HOLIDAY_ACT}), midsommarafton, julafton eller nyårsafton till nästa vardag: ${dated(actual)}.`
  );
}

/** The same dates as `appealCalendar`, each with the rule that gives it, in Swedish. */
export function explainAppealCalendar(input: AppealCalendarInput): {
  dates: AppealCalendar;
  explain: AppealCalendarExplanation;
} {
  const dates = appealCalendar(input);
  const { posted } = dates;
  const nominalAppeal = addDays(posted, 21);
  let postedText = `Justeringen tillkännagavs på anslagstavlan ${dated(posted)}.`;
  let justeradText: string | undefined;
  let senastText: string | undefined;
  if (dates.justerad && dates.anslagSenast) {
    const nominal = addDays(dates.justerad, 2);
    justeradText = `Protokollet justerades ${dated(dates.justerad)}.`;
    senastText =
      `Kommunallagen (2017:725) 8 kap. 12 §: justeringen ska tillkännages på anslagstavlan senast andra ` +
      `dagen efter justeringen, ${dates.justerad} + 2 dagar = ${nominal}. ${movedBy1930(nominal, dates.anslagSenast)}`;
    if (compareDates(posted, dates.anslagSenast) > 0) {
      postedText += ` Det är efter sista dagen för tillkännagivandet (${dates.anslagSenast}); överklagandetiden räknas ändå från den dag anslaget faktiskt sattes upp.`;
    }
  }
  const explain: AppealCalendarExplanation = {
    ...(justeradText ? { justerad: justeradText } : {}),
    ...(senastText ? { anslagSenast: senastText } : {}),
    posted: postedText,
    lastAppealDay:
      `Kommunallagen (2017:725) 13 kap. 5 §: ett överklagande ska ha kommit in inom tre veckor från den dag ` +
      `då justeringen tillkännagavs på anslagstavlan, ${posted} + 21 dagar = ${nominalAppeal}. ` +
      movedBy1930(nominalAppeal, dates.lastAppealDay),
    earliestRemoval:
      `Kommunallagen (2017:725) 8 kap. 12 §: anslaget ska sitta uppe tills överklagandetiden har gått ut ` +
      `(${dates.lastAppealDay}); det får tas ned första vardagen därefter, ${dated(dates.earliestRemoval)}` +
      (addDays(dates.lastAppealDay, 1) === dates.earliestRemoval
        ? '.'
        : ` (${skipped(addDays(dates.lastAppealDay, 1), dates.earliestRemoval)}).`),
    lagaKraft:
      `Har ingen överklagan kommit in när tiden enligt kommunallagen (2017:725) 13 kap. 5 § har gått ut ` +
      `(${dates.lastAppealDay}) vinner beslutet laga kraft dagen därpå, ${dated(dates.lagaKraft)}.`,
  };
  return { dates, explain };
}
