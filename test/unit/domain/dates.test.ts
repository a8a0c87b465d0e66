// Calendar dates and Europe/Stockholm instants; Intl (the host's timezone database) is the
// independent reference for the hand-written EU summer-time rule.
import fc from 'fast-check';
import { addDays, dayOfWeek, daysBetween, formatSwedishDate, isoDate, stockholmDate, stockholmInstant, stockholmOffsetMinutes } from '../../../domain/dates';
import { validate } from '../../../domain/errors';
import { IsoDate } from '../../../domain/values';

describe('IsoDate: ISO calendar dates, impossible ones refused', () => {
  test.each([
    ['2026-02-30', 'finns inte i kalendern (februari 2026 har 28 dagar)'],
    ['2025-02-29', 'februari 2025 har 28 dagar'],
    ['2100-02-29', 'februari 2100 har 28 dagar'],
    ['2026-04-31', 'april 2026 har 30 dagar'],
    ['2026-13-01', 'månaden ska vara 01–12'],
    ['2026-00-10', 'månaden ska vara 01–12'],
    ['2026-01-00', 'januari 2026 har 31 dagar'],
    ['2026-2-3', 'ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-02-03'],
    ['26-02-03', 'ska skrivas ÅÅÅÅ-MM-DD'],
    ['2026-02-03T00:00:00Z', 'ska skrivas ÅÅÅÅ-MM-DD'],
    ['', 'ska skrivas ÅÅÅÅ-MM-DD'],
  ])('refuses %s with a reason a person understands', (input, reason) => {
    const result = validate(IsoDate, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toContain(reason);
  });

  test.each(['2024-02-29', '2000-02-29', '2026-12-31', '2026-01-01'])('accepts %s', (input) => {
    expect(validate(IsoDate, input)).toEqual({ ok: true, value: input });
  });

  test('a number or a Date object is not a date string', () => {
    expect(validate(IsoDate, 20260126).ok).toBe(false);
  });
});

describe('date arithmetic, independent of the host timezone', () => {
  test('adding days crosses months, leap days and years', () => {
    expect(addDays(isoDate('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(isoDate('2025-02-28'), 1)).toBe('2025-03-01');
    expect(addDays(isoDate('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(isoDate('2025-05-15'), 21)).toBe('2025-06-05');
    expect(daysBetween(isoDate('2025-05-15'), isoDate('2025-06-09'))).toBe(25);
  });
  test('weekday and Swedish formatting', () => {
    expect(dayOfWeek(isoDate('2026-01-26'))).toBe(1);
    expect(formatSwedishDate(isoDate('2025-05-15'))).toBe('torsdag 15 maj 2025');
  });
});

describe('Europe/Stockholm (CET, EU summer time), checked against Intl', () => {
  const intlDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
  const intlOffset = (ms: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'shortOffset' }).formatToParts(new Date(ms));
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    return Number(/GMT\+(\d+)/.exec(name)?.[1]) * 60;
  };
  const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 11, 31) });

  test('the calendar date at any instant 2000–2040', () => {
    fc.assert(fc.property(instant, (ms) => stockholmDate(ms) === intlDate.format(new Date(ms))), { numRuns: 3000 });
  });

  test('the offset around the switches of 2026 (29 March, 25 October at 01:00 UTC)', () => {
    expect(stockholmOffsetMinutes(Date.UTC(2026, 2, 29, 0, 59))).toBe(60);
    expect(stockholmOffsetMinutes(Date.UTC(2026, 2, 29, 1, 0))).toBe(120);
    expect(stockholmOffsetMinutes(Date.UTC(2026, 9, 25, 0, 59))).toBe(120);
    expect(stockholmOffsetMinutes(Date.UTC(2026, 9, 25, 1, 0))).toBe(60);
    fc.assert(fc.property(instant, (ms) => stockholmOffsetMinutes(ms) === intlOffset(ms)), { numRuns: 500 });
  });

  test('midnight and 08:00 local time of a date map back to that date and hour', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 23 }), (ms, hour) => {
        const date = stockholmDate(ms);
        const at = stockholmInstant(date, hour);
        const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', hourCycle: 'h23' }).format(new Date(at));
        // 02:xx does not exist on the spring switch day; it resolves to 03:xx.
        return stockholmDate(at) === date && (Number(local) === hour || (hour === 2 && Number(local) === 3));
      }),
      { numRuns: 1000 },
    );
    expect(new Date(stockholmInstant(isoDate('2026-01-26'))).toISOString()).toBe('2026-01-25T23:00:00.000Z');
    expect(new Date(stockholmInstant(isoDate('2026-06-22'), 8)).toISOString()).toBe('2026-06-22T06:00:00.000Z');
  });
});
