// The statutory calendar, checked against a table written here independently from
// domain/calendar.ts: Easter by Gauss's algorithm (not the Meeus/Jones/Butcher one the code uses)
// plus published Easter dates, and every other day straight from the statutes' wording.
import fc from 'fast-check';
import {
  appealCalendar,
  earliestRemovalDate,
  easterSunday,
  explainAppealCalendar,
  isWorkingDay,
  lagaKraftDate,
  lastAppealDay,
  latestAnnouncementDate,
  swedishHolidays,
  workingDaysBefore,
} from '../../../domain/calendar';
import { addDays, isoDate, type IsoDate } from '../../../domain/dates';

const d = isoDate;
const utc = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));
const iso = (date: Date) => date.toISOString().slice(0, 10);
const plusDays = (date: Date, n: number) => new Date(date.getTime() + n * 86_400_000);

/** Gauss's Easter algorithm with its two exceptions. */
function gaussEaster(year: number): Date {
  const a = year % 19;
  const b = year % 4;
  const c = year % 7;
  const k = Math.floor(year / 100);
  const p = Math.floor((13 + 8 * k) / 25);
  const q = Math.floor(k / 4);
  const M = (15 - p + k - q) % 30;
  const N = (4 + k - q) % 7;
  const dd = (19 * a + M) % 30;
  const e = (2 * b + 4 * c + 6 * dd + N) % 7;
  let day = 22 + dd + e; // in March; > 31 runs into April
  if (dd === 29 && e === 6) day = 19 + 31;
  else if (dd === 28 && e === 6 && (11 * M + 11) % 30 < 19) day = 18 + 31;
  return day > 31 ? utc(year, 4, day - 31) : utc(year, 3, day);
}

// Published Easter Sundays (Western), as a check on the check.
const PUBLISHED_EASTER: Record<number, string> = {
  2000: '2000-04-23', 2001: '2001-04-15', 2002: '2002-03-31', 2004: '2004-04-11', 2005: '2005-03-27',
  2008: '2008-03-23', 2011: '2011-04-24', 2016: '2016-03-27', 2019: '2019-04-21', 2024: '2024-03-31',
  2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2030: '2030-04-21', 2035: '2035-03-25',
  2038: '2038-04-25', 2040: '2040-04-01',
};

/** The Saturday in the 7-day window starting at month/day. */
function saturdayIn(year: number, month: number, day: number): Date {
  for (let i = 0; i < 7; i++) {
    const candidate = plusDays(utc(year, month, day), i);
    if (candidate.getUTCDay() === 6) return candidate;
  }
  throw new Error('unreachable');
}

/**
 * Lag (1989:253) 1 § (allmänna helgdagar) and the eves that lag (1930:173) treats alike. Before
 * 2005: annandag pingst instead of 6 June (SFS 2004 amendment in force 2005-01-01).
 */
function statuteTable(year: number): Map<string, string> {
  const easter = gaussEaster(year);
  const midsommardagen = saturdayIn(year, 6, 20);
  const entries: [Date, string][] = [
    [utc(year, 1, 1), 'nyårsdagen'],
    [utc(year, 1, 6), 'trettondedag jul'],
    [plusDays(easter, -2), 'långfredagen'],
    [easter, 'påskdagen'],
    [plusDays(easter, 1), 'annandag påsk'],
    [utc(year, 5, 1), 'första maj'],
    [plusDays(easter, 39), 'Kristi himmelsfärdsdag'],
    [plusDays(easter, 49), 'pingstdagen'],
    year >= 2005 ? [utc(year, 6, 6), 'Sveriges nationaldag'] : [plusDays(easter, 50), 'annandag pingst'],
    [plusDays(midsommardagen, -1), 'midsommarafton'],
    [midsommardagen, 'midsommardagen'],
    [saturdayIn(year, 10, 31), 'alla helgons dag'],
    [utc(year, 12, 24), 'julafton'],
    [utc(year, 12, 25), 'juldagen'],
    [utc(year, 12, 26), 'annandag jul'],
    [utc(year, 12, 31), 'nyårsafton'],
  ];
  return new Map(entries.map(([date, name]) => [iso(date), name]));
}

const YEARS = Array.from({ length: 41 }, (_, i) => 2000 + i);

describe('Lag (1989:253) om allmänna helgdagar: the holiday table 2000–2040', () => {
  test('Easter Sunday (base of långfredagen, påsk, Kristi himmelsfärd, pingst) matches Gauss and published dates', () => {
    for (const year of YEARS) expect(easterSunday(year)).toBe(iso(gaussEaster(year)));
    for (const [year, date] of Object.entries(PUBLISHED_EASTER)) expect(easterSunday(Number(year))).toBe(date);
  });

  test.each(YEARS)('Lag (1989:253) 1 § + lag (1930:173) eves: every holiday of %i, with its name', (year) => {
    const actual = new Map(swedishHolidays(year).map((h) => [h.date, h.name]));
    expect(actual).toEqual(statuteTable(year));
  });

  test('Lag (1930:173): a day is a working day exactly when it is not Saturday, Sunday, a holiday or midsommar-/jul-/nyårsafton (every day 2000–2040)', () => {
    const mismatches: string[] = [];
    for (const year of YEARS) {
      const table = statuteTable(year);
      for (let day = utc(year, 1, 1); day.getUTCFullYear() === year; day = plusDays(day, 1)) {
        const expected = day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !table.has(iso(day));
        if (isWorkingDay(d(iso(day))) !== expected) mismatches.push(iso(day));
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('Lag (1989:253) as amended 2005: annandag pingst 2004-05-31 was a holiday, 2005-05-16 is not; 6 June 2003 was a working day, 6 June 2025 is not', () => {
    expect(isWorkingDay(d('2004-05-31'))).toBe(false);
    expect(isWorkingDay(d('2005-05-16'))).toBe(true);
    expect(isWorkingDay(d('2003-06-06'))).toBe(true);
    expect(isWorkingDay(d('2025-06-06'))).toBe(false);
  });

  test('Lag (1930:173) names only midsommar-, jul- and nyårsafton: påskafton is a Saturday anyway, but trettondagsafton, valborgsmässoafton and allhelgonaafton are working days', () => {
    expect(isWorkingDay(d('2026-01-05'))).toBe(true); // trettondagsafton, Monday
    expect(isWorkingDay(d('2026-04-30'))).toBe(true); // valborgsmässoafton, Thursday
    expect(isWorkingDay(d('2026-10-30'))).toBe(true); // allhelgonaafton, Friday
    expect(isWorkingDay(d('2026-05-15'))).toBe(true); // the Friday after Kristi himmelsfärd
  });
});

describe('KL 8 kap. 12 § + 13 kap. 5 §: the seed protocol (RSR 2025-05-05)', () => {
  test('KL 8 kap. 12 § + 13 kap. 5 § + lag (1930:173): justerad 2025-05-14, posted 2025-05-15 → taken down 2025-06-09 as in the protocol', () => {
    expect(appealCalendar({ justerad: d('2025-05-14'), posted: d('2025-05-15') })).toEqual({
      justerad: '2025-05-14',
      anslagSenast: '2025-05-16',
      posted: '2025-05-15',
      lastAppealDay: '2025-06-05',
      earliestRemoval: '2025-06-09', // 6 June nationaldagen (Friday), then the weekend
      lagaKraft: '2025-06-06',
    });
  });
});

describe('KL 13 kap. 5 § + lag (1930:173): appeal periods ending on a non-working day move to the next working day', () => {
  test.each([
    ['långfredagen 2026-04-03', '2026-03-13', '2026-04-07'],
    ['påskafton 2026-04-04', '2026-03-14', '2026-04-07'],
    ['annandag påsk 2026-04-06', '2026-03-16', '2026-04-07'],
    ['första maj 2026-05-01 (Friday)', '2026-04-10', '2026-05-04'],
    ['första maj 2024-05-01 (Wednesday)', '2024-04-10', '2024-05-02'],
    ['Kristi himmelsfärdsdag 2026-05-14', '2026-04-23', '2026-05-15'],
    ['Sveriges nationaldag 2024-06-06 (Thursday)', '2024-05-16', '2024-06-07'],
    ['midsommarafton 2026-06-19', '2026-05-29', '2026-06-22'],
    ['midsommardagen 2026-06-20', '2026-05-30', '2026-06-22'],
    ['alla helgons dag 2026-10-31', '2026-10-10', '2026-11-02'],
    ['julafton 2026-12-24 (Thursday): juldagen, annandag jul and the weekend follow', '2026-12-03', '2026-12-28'],
    ['julafton 2025-12-24 (Wednesday)', '2025-12-03', '2025-12-29'],
    ['nyårsafton 2026-12-31 and nyårsdagen 2027-01-01', '2026-12-10', '2027-01-04'],
    ['trettondedag jul 2027-01-06 (Wednesday)', '2026-12-16', '2027-01-07'],
    ['pingstdagen 2025-06-08 (a Sunday)', '2025-05-18', '2025-06-09'],
  ])('KL 13 kap. 5 § + lag (1930:173): three weeks ending on %s', (_what, posted, expected) => {
    expect(lastAppealDay(d(posted))).toBe(expected);
  });

  test('KL 13 kap. 5 §: three weeks ending on an ordinary working day stay put (posted Thursday → Thursday three weeks later)', () => {
    expect(lastAppealDay(d('2026-02-05'))).toBe('2026-02-26');
  });

  test('KL 8 kap. 12 §: the notice may come down on the first working day after the last appeal day (midsommar 2026)', () => {
    expect(lastAppealDay(d('2026-05-28'))).toBe('2026-06-18');
    expect(earliestRemovalDate(d('2026-05-28'))).toBe('2026-06-22');
  });

  test('KL 13 kap. 5 §: the decision gains legal force the day after the last appeal day, even when that is a Saturday', () => {
    expect(lastAppealDay(d('2026-02-06'))).toBe('2026-02-27');
    expect(lagaKraftDate(d('2026-02-06'))).toBe('2026-02-28');
    expect(lagaKraftDate(d('2026-12-03'))).toBe('2026-12-29');
  });
});

describe('KL 8 kap. 12 § + lag (1930:173): latest day to announce the justering', () => {
  test.each([
    ['an ordinary Wednesday → Friday', '2025-12-08', '2025-12-10'],
    ['Thursday before Easter → the Tuesday after annandag påsk', '2026-04-02', '2026-04-07'],
    ['Thursday → Saturday → Monday', '2026-02-05', '2026-02-09'],
    ['2026-12-22 → julafton → 2026-12-28', '2026-12-22', '2026-12-28'],
    ['2026-06-17 → midsommarafton → 2026-06-22', '2026-06-17', '2026-06-22'],
  ])('KL 8 kap. 12 § + lag (1930:173): justerad %s', (_what, justerad, expected) => {
    expect(latestAnnouncementDate(d(justerad))).toBe(expected);
  });
});

describe('Reminders: N working days before a deadline (working days as in lag 1930:173)', () => {
  test('10 and 3 working days before 2026-04-30', () => {
    expect(workingDaysBefore(d('2026-04-30'), 10)).toBe('2026-04-16');
    expect(workingDaysBefore(d('2026-04-30'), 3)).toBe('2026-04-27');
  });
  test('counting back over Easter and midsommar skips the holidays and eves', () => {
    expect(workingDaysBefore(d('2026-04-08'), 3)).toBe('2026-04-01');
    expect(workingDaysBefore(d('2026-06-22'), 1)).toBe('2026-06-18');
  });
  test('0 working days before is the date itself; a negative or fractional count is refused', () => {
    expect(workingDaysBefore(d('2026-06-20'), 0)).toBe('2026-06-20');
    expect(() => workingDaysBefore(d('2026-06-20'), -1)).toThrow(RangeError);
    expect(() => workingDaysBefore(d('2026-06-20'), 1.5)).toThrow(RangeError);
  });
});

describe('explain: every date comes with the rule in words', () => {
  test('KL 8 kap. 12 §, KL 13 kap. 5 § and lag (1930:173) are cited where they apply', () => {
    const { dates, explain } = explainAppealCalendar({ justerad: d('2026-04-02'), posted: d('2026-04-07') });
    expect(dates.anslagSenast).toBe('2026-04-07');
    expect(explain.anslagSenast).toMatch(/8 kap\. 12 §/);
    expect(explain.anslagSenast).toMatch(/lag \(1930:173\)/);
    expect(explain.anslagSenast).toMatch(/2026-04-05 är påskdagen/);
    expect(explain.lastAppealDay).toMatch(/13 kap\. 5 §/);
    expect(explain.earliestRemoval).toMatch(/8 kap\. 12 §/);
    expect(explain.lagaKraft).toContain(dates.lagaKraft);
  });
  test('a notice posted after the latest day is pointed out; the period still runs from the actual posting (KL 13 kap. 5 §)', () => {
    const { dates, explain } = explainAppealCalendar({ justerad: d('2025-05-14'), posted: d('2025-05-20') });
    expect(dates.lastAppealDay).toBe('2025-06-10');
    expect(explain.posted).toMatch(/efter sista dagen för tillkännagivandet \(2025-05-16\)/);
  });
});

describe('properties over 2000–2040 (fast-check)', () => {
  const anyDate = fc
    .integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2040, 11, 31) / 86_400_000 })
    .map((n) => d(iso(new Date(n * 86_400_000))));

  const allNonWorking = (from: IsoDate, to: IsoDate) => {
    for (let day = from; day < to; day = addDays(day, 1)) if (isWorkingDay(day)) return false;
    return true;
  };

  test('KL 13 kap. 5 § + lag (1930:173): the last appeal day is a working day, never before posted + 21 days, and only non-working days are skipped', () => {
    fc.assert(
      fc.property(anyDate, (posted) => {
        const last = lastAppealDay(posted);
        const nominal = addDays(posted, 21);
        return isWorkingDay(last) && last >= nominal && allNonWorking(nominal, last);
      }),
      { numRuns: 3000 },
    );
  });

  test('KL 8 kap. 12 §: the notice comes down on a working day after the last appeal day; legal force starts the day after it', () => {
    fc.assert(
      fc.property(anyDate, (posted) => {
        const last = lastAppealDay(posted);
        const removal = earliestRemovalDate(posted);
        return isWorkingDay(removal) && removal > last && allNonWorking(addDays(last, 1), removal) && lagaKraftDate(posted) === addDays(last, 1);
      }),
      { numRuns: 2000 },
    );
  });

  test('KL 8 kap. 12 § + lag (1930:173): the latest announcement day is a working day, at least two days after justering', () => {
    fc.assert(
      fc.property(anyDate, (justerad) => {
        const senast = latestAnnouncementDate(justerad);
        return isWorkingDay(senast) && senast >= addDays(justerad, 2) && allNonWorking(addDays(justerad, 2), senast);
      }),
      { numRuns: 2000 },
    );
  });

  test('reminders: workingDaysBefore(date, n) lands on a working day with exactly n working days from it up to the date', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 30 }), (date, n) => {
        const start = workingDaysBefore(date, n);
        let count = 0;
        for (let day = start; day < date; day = addDays(day, 1)) if (isWorkingDay(day)) count += 1;
        return isWorkingDay(start) && count === n;
      }),
      { numRuns: 1000 },
    );
  });
});
