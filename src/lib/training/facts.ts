/**
 * The facts a driver's status is derived from, read from the database, and
 * the status itself through the one status function.
 */
import { and, eq, isNull, max, sql } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { assessmentAttempts, certificates, faceToFaceSessions, moduleProgress, users } from '../../../db/schema.ts';
import { today } from '../clock.ts';
import { config } from '../config.ts';
import { deriveStatus, type DriverStatus, type StatusFacts } from './status.ts';
import { heldBy } from '../certificates/held-by.ts';
import { preparedOnce } from '../prepared.ts';

const userRow = preparedOnce((db: Executor) =>
  db
    .select({ driverId: users.driverId, isApplicant: users.isApplicant })
    .from(users)
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare(),
);

/** A null `driverId` binds NULL, which equals nothing: the account's own certificates only. */
const lastCertificate = preparedOnce((db: Executor) =>
  db
    .select({ last: max(certificates.completedOn) })
    .from(certificates)
    .where(
      and(
        isNull(certificates.revokedAt),
        heldBy({ userId: sql.placeholder('userId'), driverId: sql.placeholder('driverId') }),
      ),
    )
    .prepare(),
);

const lastFaceToFace = preparedOnce((db: Executor) =>
  db
    .select({ last: max(faceToFaceSessions.sessionDate) })
    .from(faceToFaceSessions)
    .where(eq(faceToFaceSessions.driverId, sql.placeholder('driverId')))
    .prepare(),
);

const anyProgress = preparedOnce((db: Executor) =>
  db
    .select({ one: moduleProgress.userId })
    .from(moduleProgress)
    .where(eq(moduleProgress.userId, sql.placeholder('userId')))
    .limit(1)
    .prepare(),
);

const anyAttempt = preparedOnce((db: Executor) =>
  db
    .select({ one: assessmentAttempts.id })
    .from(assessmentAttempts)
    .where(eq(assessmentAttempts.userId, sql.placeholder('userId')))
    .limit(1)
    .prepare(),
);

/**
 * Status facts for a user: the newest completion is the later of their
 * non-revoked certificates (issued to the account or to its register row)
 * and face-to-face sessions recorded for the register row. The queries are
 * prepared once: this runs on every course page.
 */
export function statusFactsForUser(userId: number, db: Executor = getDb()): StatusFacts {
  const user = userRow(db).get({ userId });
  if (!user) throw new Error(`No user ${userId}`);
  const { driverId } = user;
  const certificate = lastCertificate(db).get({ userId, driverId });
  const faceToFace = driverId === null ? undefined : lastFaceToFace(db).get({ driverId });
  const dates = [certificate?.last, faceToFace?.last].filter((d): d is string => typeof d === 'string').sort();
  const started = anyProgress(db).get({ userId }) !== undefined || anyAttempt(db).get({ userId }) !== undefined;
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
