// The iCalendar attachment of a message with a deadline: one all-day event on the last day, so a
// registrator can put "sista dag för beslut" in the calendar with one click. METHOD:PUBLISH (a
// notice, not a meeting invitation). The UID is stable per case, recipient and huvudman — not per
// message — so the reminders' attachments update the same calendar entry instead of adding copies.
import ical, { ICalCalendarMethod } from 'ical-generator';
import { addDays, dateParts, type IsoDate } from '../../domain/dates';

export interface DeadlineEvent {
  uid: string;
  date: IsoDate;
  summary: string;
  description: string;
  url?: string;
  /** When the event was written (DTSTAMP). */
  stamp: Date;
}

function utcMidnight(date: IsoDate): Date {
  const { year, month, day } = dateParts(date);
  return new Date(Date.UTC(year, month - 1, day));
}

export function deadlineCalendar(event: DeadlineEvent): string {
  const calendar = ical({
    prodId: { company: 'Region Jämtland Härjedalen', product: 'Ärendeflöde', language: 'SV' },
    method: ICalCalendarMethod.PUBLISH,
    name: 'Ärendeflöde',
  });
  // All-day dates are written from the UTC fields, so the machine's time zone cannot shift the day.
  calendar.createEvent({
    id: event.uid,
    allDay: true,
    start: utcMidnight(event.date),
    end: utcMidnight(addDays(event.date, 1)),
    stamp: event.stamp,
    summary: event.summary,
    description: event.description,
    ...(event.url ? { url: event.url } : {}),
  });
  return calendar.toString();
}
