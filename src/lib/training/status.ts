/**
 * The one place a driver's training status is derived. Officer views,
 * exports, the dashboard's SQL (which must agree, see its unit test) and the
 * driver's own pages all follow these rules.
 */
import { addMonths, format, parseISO } from 'date-fns';

export const STATUSES = ['completed', 'in_progress', 'not_started', 'overdue', 'expired'] as const;
export type DriverStatus = (typeof STATUSES)[number];

export interface StatusFacts {
  /** True for an applicant (no licence yet): the deadline does not apply, only "before licence". */
  isApplicant: boolean;
  /**
   * The most recent completion (YYYY-MM-DD): a pass with a certificate that
   * has not been revoked, or a recorded face-to-face session. Null if none.
   */
  lastCompletedOn: string | null;
  /** Any module started or assessment attempted. */
  hasStarted: boolean;
}

export interface StatusSettings {
  /** Deadline for existing licensed drivers (YYYY-MM-DD); completing on the day is in time. */
  deadline: string;
  /** Months a completion stays valid; 0 means never. */
  refresherMonths: number;
}

/** The date a completion stops counting (YYYY-MM-DD), or null when completions never expire. */
export function completionExpiresOn(completedOn: string, refresherMonths: number): string | null {
  if (refresherMonths <= 0) return null;
  return format(addMonths(parseISO(completedOn), refresherMonths), 'yyyy-MM-dd');
}

/**
 * Derives a driver's status from facts, settings and today's date (YYYY-MM-DD).
 * A completion counts until its expiry date; from that day the status is
 * `expired`. An existing driver with no completion is `overdue` from the day
 * after the deadline. Applicants are never overdue.
 */
export function deriveStatus(facts: StatusFacts, settings: StatusSettings, today: string): DriverStatus {
  if (facts.lastCompletedOn) {
    const expires = completionExpiresOn(facts.lastCompletedOn, settings.refresherMonths);
    return expires !== null && today >= expires ? 'expired' : 'completed';
  }
  if (!facts.isApplicant && today > settings.deadline) return 'overdue';
  return facts.hasStarted ? 'in_progress' : 'not_started';
}
