/**
 * How `/events/` orders and labels the entries in `content/events/`.
 * Kept apart from the page so the upcoming/past split can be tested
 * against fixed dates.
 */
import { AUDIENCES } from '../audiences.ts';
import type { EventEntry } from './schemas.ts';

type Dated = { data: Pick<EventEntry, 'date' | 'endDate'> };

/** The last calendar day of an event (its start day when it lasts one day). */
export function lastDay(event: Pick<EventEntry, 'date' | 'endDate'>): string {
  return event.endDate ?? event.date;
}

/**
 * Splits events around `today` (YYYY-MM-DD): an event stays upcoming until its
 * last day has passed. Upcoming events come soonest first, past events most
 * recent first, because those are the ones a reader looks for first.
 */
export function splitEvents<T extends Dated>(events: readonly T[], today: string): { upcoming: T[]; past: T[] } {
  const upcoming = events.filter((e) => lastDay(e.data) >= today).sort((a, b) => a.data.date.localeCompare(b.data.date));
  const past = events
    .filter((e) => lastDay(e.data) < today)
    .sort((a, b) => lastDay(b.data).localeCompare(lastDay(a.data)) || b.data.date.localeCompare(a.data.date));
  return { upcoming, past };
}

/** The words shown on an event's audience tag. */
export function eventAudienceLabel(tag: EventEntry['audience'][number]): string {
  if (tag === 'taxi-drivers') return 'Taxi drivers';
  if (tag === 'everyone') return 'Everyone';
  return AUDIENCES.find((a) => a.slug === tag)?.label ?? tag;
}
