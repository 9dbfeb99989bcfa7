/**
 * How the officer console writes numbers, dates and times: UK conventions,
 * times in UK local time whatever the server's time zone.
 */
import { format, parseISO } from 'date-fns';

const count = new Intl.NumberFormat('en-GB');
const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** A whole number with thousands separators, e.g. `1,757`. */
export function formatCount(n: number): string {
  return count.format(n);
}

/** A calendar date (YYYY-MM-DD) as `1 September 2016`; an empty string for null. */
export function formatDate(isoDate: string | null): string {
  return isoDate ? format(parseISO(isoDate), 'd MMMM yyyy') : '';
}

/** An instant (Unix milliseconds) in UK local time, e.g. `27 Nov 2026, 17:46`. */
export function formatUkDateTime(ms: number): string {
  return dateTime.format(new Date(ms));
}

/** Licence types as officers say them. */
export const LICENCE_TYPE_LABELS: Record<string, string> = {
  hackney_carriage: 'Hackney carriage',
  private_hire: 'Private hire',
  dual: 'Dual',
};

/** How a completion was achieved, as officers say it. */
export const METHOD_LABELS: Record<string, string> = {
  online: 'Online',
  face_to_face: 'Face to face',
};
