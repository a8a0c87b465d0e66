// Dates relative to the day the tests run (in Europe/Stockholm, as the product counts days), for
// tests on a real dev server whose clock cannot be moved: a "future" deadline stays in the future
// and a "13 days late" case stays 13 days late, whatever the date of the run.
import { addDays, stockholmDate, type IsoDate } from '../../domain/dates';

export function todayInStockholm(): IsoDate {
  return stockholmDate(Date.now());
}

/** The date `days` from today (negative: in the past). */
export function daysFromToday(days: number): IsoDate {
  return addDays(todayInStockholm(), days);
}
