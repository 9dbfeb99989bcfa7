/**
 * How certificate facts read to people, shared by the PDF and the verify
 * pages so the paper and the screen use the same words.
 */
import { format, parseISO } from 'date-fns';
import type { LicenceType } from '../../../db/schema.ts';

/** Licence types in plain words. */
export const LICENCE_TYPE_LABELS: Record<LicenceType, string> = {
  hackney_carriage: 'Hackney carriage driver',
  private_hire: 'Private hire driver',
  dual: 'Dual (hackney carriage and private hire) driver',
};

/** How the training was completed. */
export const KIND_LABELS: Record<'online' | 'face_to_face', string> = {
  online: 'Online course and assessment',
  face_to_face: 'Face-to-face training session',
};

/** The licence type in words; applicants have none yet. */
export function licenceTypeLabel(licenceType: string | null): string {
  if (licenceType === null) return 'Applicant (not yet licensed)';
  return LICENCE_TYPE_LABELS[licenceType as LicenceType] ?? licenceType;
}

/** A stored calendar date (YYYY-MM-DD) written the British way: 1 September 2016. */
export function longDate(isoDate: string): string {
  return format(parseISO(isoDate), 'd MMMM yyyy');
}
