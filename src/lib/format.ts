/**
 * The one wording source: how every page, certificate and export writes dates, numbers and the labels for
 * licence types, statuses and completion methods. UK conventions; times in UK local time whatever the
 * server's time zone.
 */
import { format, parseISO } from 'date-fns';
import type { LicenceType } from '../../db/schema.ts';
import type { CertificateState } from './certificates/verify.ts';
import type { DriverStatus } from './training/status.ts';

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

/** A calendar month (YYYY-MM) in full, `September 2016`, or short, `Sep 2016` for a chart's axis. */
export function formatMonth(month: string, length: 'full' | 'short' = 'full'): string {
  return format(parseISO(`${month}-01`), length === 'full' ? 'MMMM yyyy' : 'MMM yyyy');
}

/** A calendar date (YYYY-MM-DD) the GOV.UK way, `1 September 2016` (no ordinal, no comma); '' for null. */
export function formatDate(isoDate: string | null): string {
  return isoDate ? format(parseISO(isoDate), 'd MMMM yyyy') : '';
}

/** An instant (Unix milliseconds) in UK local time, e.g. `27 Nov 2026, 17:46`. */
export function formatUkDateTime(ms: number): string {
  return dateTime.format(new Date(ms));
}

/** Licence types in plain words, as officers say them and certificates print them. */
export const LICENCE_TYPE_LABELS: Record<LicenceType, string> = {
  hackney_carriage: 'Hackney carriage',
  private_hire: 'Private hire',
  dual: 'Dual (hackney carriage and private hire)',
};

/** A stored licence type in words; unknown values are shown as stored rather than hidden. */
export function licenceLabel(licenceType: string): string {
  return LICENCE_TYPE_LABELS[licenceType as LicenceType] ?? licenceType;
}

/** Who a certificate names: the licence type as a driver ("Private hire driver"); applicants have none yet. */
export function certificateHolderLabel(licenceType: string | null): string {
  if (licenceType === null) return 'Applicant (not yet licensed)';
  return `${licenceLabel(licenceType)} driver`;
}

/** Human wording for each training status, used on every page and in exports. */
export const STATUS_LABELS: Record<DriverStatus, string> = {
  completed: 'Completed',
  in_progress: 'In progress',
  not_started: 'Not started',
  overdue: 'Overdue',
  expired: 'Expired',
};

/** How a completion was achieved, short, for tables and exports. */
export const METHOD_LABELS: Record<string, string> = {
  online: 'Online',
  face_to_face: 'Face to face',
};

/** How a completion was achieved, in full, as certificates and the verify page describe it. */
export const METHOD_DESCRIPTIONS: Record<'online' | 'face_to_face', string> = {
  online: 'Online course and assessment',
  face_to_face: 'Face-to-face training session',
};

/** An audit action in words for the audit log and a driver's trail, e.g. "certificate revoked". */
export function auditActionLabel(action: string): string {
  return action.replaceAll('_', ' ');
}

/** A certificate's state on the officer's driver page, in the words the verify page uses. */
export const CERTIFICATE_STATE_LABELS: Record<CertificateState, string> = {
  valid: 'Valid',
  expired: 'Expired',
  revoked: 'Revoked',
};
