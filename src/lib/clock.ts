/**
 * The one source of "now" for everything that depends on the date: deadlines,
 * overdue and expiry, session lifetimes. Tests and demos pin it with the
 * `PORTAL_NOW` environment variable (an ISO date or date-time) or `setClock`.
 */
import { pinnedNow } from './config.ts';

let override: (() => Date) | null = null;

/** Returns the current instant, honouring a pinned clock. */
export function now(): Date {
  if (override) return override();
  const pinned = pinnedNow();
  if (pinned) {
    const d = new Date(pinned);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return new Date();
}

/** Today's calendar date in the UK as `YYYY-MM-DD`, which is how deadlines are stored. */
export function today(at: Date = now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
}

/** Pins the clock (tests); pass `null` to return to the real clock. */
export function setClock(fn: (() => Date) | null): void {
  override = fn;
}
