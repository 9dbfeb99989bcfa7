/**
 * Recording a face-to-face training session for one driver from the
 * driver's page. The session counts as a completion from its date.
 */
import { isValid, parseISO } from 'date-fns';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Db } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { drivers, faceToFaceSessions } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { issueFaceToFaceCertificate } from '../certificates/issue.ts';
import { now } from '../clock.ts';
import { nameField } from '../forms.ts';

const isoDate = z
  .string()
  .trim()
  .min(1, 'Enter the date of the session')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD, for example 2016-08-15')
  .refine((v) => isValid(parseISO(v)), 'Enter a real date');

/** The add-session form. `today` bounds the date: a session cannot be recorded before it happens. */
export function faceToFaceForm(today: string) {
  return z.object({
    sessionDate: isoDate.refine((v) => v <= today, 'The date of the session must be today or in the past'),
    trainer: nameField('Enter the trainer’s name', 200, 'The trainer’s name must be 200 characters or fewer'),
    venue: z.string().trim().min(1, 'Enter the venue').max(200, 'The venue must be 200 characters or fewer'),
  });
}
export type FaceToFaceInput = z.infer<ReturnType<typeof faceToFaceForm>>;

export type RecordResult = { ok: true; sessionId: number } | { ok: false; reason: 'no_driver' | 'duplicate' };

/** Records the session, issues its face-to-face certificate and audits both, in one transaction. */
export function recordFaceToFace(
  input: FaceToFaceInput & { driverId: number; officerUserId: number },
  db: Db = getDb(),
): RecordResult {
  return db.transaction((tx) => {
    const driver = tx.select({ id: drivers.id }).from(drivers).where(eq(drivers.id, input.driverId)).get();
    if (!driver) return { ok: false, reason: 'no_driver' } as const;
    const existing = tx
      .select({ id: faceToFaceSessions.id })
      .from(faceToFaceSessions)
      .where(
        and(eq(faceToFaceSessions.driverId, input.driverId), eq(faceToFaceSessions.sessionDate, input.sessionDate)),
      )
      .get();
    if (existing) return { ok: false, reason: 'duplicate' } as const;
    const row = tx
      .insert(faceToFaceSessions)
      .values({
        driverId: input.driverId,
        sessionDate: input.sessionDate,
        trainer: input.trainer,
        venue: input.venue,
        recordedBy: input.officerUserId,
        createdAt: now().getTime(),
      })
      .returning({ id: faceToFaceSessions.id })
      .get();
    // Face-to-face completions get the same certificate as online ones, issued with the record.
    const certificate = issueFaceToFaceCertificate(tx, { faceToFaceSessionId: row.id });
    audit(
      {
        actorUserId: input.officerUserId,
        action: 'face_to_face_recorded',
        driverId: input.driverId,
        detail: { sessionId: row.id, sessionDate: input.sessionDate, certificateId: certificate.id },
      },
      tx,
    );
    return { ok: true, sessionId: row.id } as const;
  });
}
