/**
 * The facts a driver's status is derived from, read from the database, and
 * the status itself through the one status function.
 */
import { and, eq, isNull, max } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { assessmentAttempts, certificates, faceToFaceSessions, moduleProgress, users } from '../../../db/schema.ts';
import { today } from '../clock.ts';
import { config } from '../config.ts';
import { deriveStatus, type DriverStatus, type StatusFacts } from './status.ts';
import { heldBy } from '../certificates/held-by.ts';

/**
 * Status facts for a user: the newest completion is the later of their
 * non-revoked certificates (issued to the account or to its register row)
 * and face-to-face sessions recorded for the register row.
 */
export function statusFactsForUser(userId: number, db: Executor = getDb()): StatusFacts {
  const user = db
    .select({ driverId: users.driverId, isApplicant: users.isApplicant })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user) throw new Error(`No user ${userId}`);
  const holder = heldBy({ userId, driverId: user.driverId });
  const certificate = db
    .select({ last: max(certificates.completedOn) })
    .from(certificates)
    .where(and(isNull(certificates.revokedAt), holder))
    .get();
  const faceToFace =
    user.driverId === null
      ? undefined
      : db
          .select({ last: max(faceToFaceSessions.sessionDate) })
          .from(faceToFaceSessions)
          .where(eq(faceToFaceSessions.driverId, user.driverId))
          .get();
  const dates = [certificate?.last, faceToFace?.last].filter((d): d is string => typeof d === 'string').sort();
  const started =
    db
      .select({ one: moduleProgress.userId })
      .from(moduleProgress)
      .where(eq(moduleProgress.userId, userId))
      .limit(1)
      .get() !== undefined ||
    db
      .select({ one: assessmentAttempts.id })
      .from(assessmentAttempts)
      .where(eq(assessmentAttempts.userId, userId))
      .limit(1)
      .get() !== undefined;
  return { isApplicant: user.isApplicant, lastCompletedOn: dates.at(-1) ?? null, hasStarted: started };
}

/** The user's status today, with the configured deadline and refresher period. */
export function statusForUser(userId: number, db: Executor = getDb(), on: string = today()): DriverStatus {
  return deriveStatus(
    statusFactsForUser(userId, db),
    { deadline: config.deadline, refresherMonths: config.refresherMonths },
    on,
  );
}
