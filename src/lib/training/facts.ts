/**
 * The facts a driver's status is derived from, read from the database, and
 * the status itself through the one status function.
 */
import { and, eq, exists, isNull, max, sql } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { assessmentAttempts, certificates, faceToFaceSessions, moduleProgress, users } from '../../../db/schema.ts';
import { today } from '../clock.ts';
import { config } from '../config.ts';
import { deriveStatus, type DriverStatus, type StatusFacts } from './status.ts';
import { heldBy } from '../certificates/held-by.ts';
import { preparedOnce } from '../prepared.ts';

/**
 * Every fact in one statement, prepared once: this runs on every course page. A null `driver_id` equals
 * nothing, so an applicant's facts are their account's own.
 */
const factsRow = preparedOnce((db: Executor) => {
  const userId = sql.placeholder('userId');
  const lastCertificate = db
    .select({ last: max(certificates.completedOn) })
    .from(certificates)
    .where(and(isNull(certificates.revokedAt), heldBy({ userId, driverId: users.driverId })));
  const lastFaceToFace = db
    .select({ last: max(faceToFaceSessions.sessionDate) })
    .from(faceToFaceSessions)
    .where(eq(faceToFaceSessions.driverId, users.driverId));
  const progress = db
    .select({ one: sql`1` })
    .from(moduleProgress)
    .where(eq(moduleProgress.userId, users.id));
  const attempt = db
    .select({ one: sql`1` })
    .from(assessmentAttempts)
    .where(eq(assessmentAttempts.userId, users.id));
  return db
    .select({
      isApplicant: users.isApplicant,
      lastCertificate: sql<string | null>`(${lastCertificate})`,
      lastFaceToFace: sql<string | null>`(${lastFaceToFace})`,
      hasStarted: sql<number>`${exists(progress)} or ${exists(attempt)}`,
    })
    .from(users)
    .where(eq(users.id, userId))
    .prepare();
});

/**
 * Status facts for a user: the newest completion is the later of their
 * non-revoked certificates (issued to the account or to its register row)
 * and face-to-face sessions recorded for the register row.
 */
export function statusFactsForUser(userId: number, db: Executor = getDb()): StatusFacts {
  const row = factsRow(db).get({ userId });
  if (!row) throw new Error(`No user ${userId}`);
  const dates = [row.lastCertificate, row.lastFaceToFace].filter((d): d is string => typeof d === 'string').sort();
  return { isApplicant: row.isApplicant, lastCompletedOn: dates.at(-1) ?? null, hasStarted: row.hasStarted === 1 };
}

/** The user's status today, with the configured deadline and refresher period. */
export function statusForUser(userId: number, db: Executor = getDb(), on: string = today()): DriverStatus {
  return deriveStatus(
    statusFactsForUser(userId, db),
    { deadline: config.deadline, refresherMonths: config.refresherMonths },
    on,
  );
}
