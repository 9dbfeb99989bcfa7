/**
 * Issuing certificates: once per passing attempt and once per face-to-face
 * session, enforced by unique indexes so that a double submit, two tabs or
 * two server processes can never produce two certificates for one
 * completion. The holder's details are copied onto the certificate so the
 * paper and the verify page agree whatever later changes in the register.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { assessmentAttempts, certificates, drivers, faceToFaceSessions, users } from '../../../db/schema.ts';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { completionExpiresOn } from '../training/status.ts';
import { generateCode } from './code.ts';
import { heldBy } from './held-by.ts';

export type Certificate = typeof certificates.$inferSelect;

/** Who a certificate is for, as printed on it. */
export interface Holder {
  holderName: string;
  badgeNumber: string | null;
  licenceType: string | null;
  driverId: number | null;
}

/** Fresh codes to try before giving up; with 60-bit codes even a second try is vanishingly rare. */
const CODE_ATTEMPTS = 5;

function fullName(forenames: string | null, surname: string | null): string {
  return [forenames, surname]
    .map((part) => (part ?? '').trim())
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * The holder's details for a user: from their register row when linked to
 * one (the licensing office's spelling is the one a licence decision uses),
 * otherwise the names the applicant gave at registration.
 */
export function holderForUser(db: Executor, userId: number): Holder {
  const row = db
    .select({ user: users, driver: drivers })
    .from(users)
    .leftJoin(drivers, eq(drivers.id, users.driverId))
    .where(eq(users.id, userId))
    .get();
  if (!row) throw new Error(`No user ${userId} to issue a certificate to`);
  if (row.driver) return holderForDriver(row.driver);
  return {
    holderName: fullName(row.user.forenames, row.user.surname),
    badgeNumber: null,
    licenceType: null,
    driverId: null,
  };
}

/** The holder's details from a register row, or null when the row is gone. */
export function holderForDriverId(db: Executor, driverId: number): Holder | null {
  const driver = db.select().from(drivers).where(eq(drivers.id, driverId)).get();
  return driver ? holderForDriver(driver) : null;
}

function holderForDriver(driver: typeof drivers.$inferSelect): Holder {
  return {
    holderName: fullName(driver.forenames, driver.surname),
    badgeNumber: driver.badgeNumber,
    licenceType: driver.licenceType,
    driverId: driver.id,
  };
}

function isCodeCollision(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message.includes('certificates.code')) return true;
  }
  return false;
}

/**
 * Inserts a certificate with a fresh code, retrying on the (astronomically
 * rare) code collision. `onConflict` names the completion's unique column:
 * if a certificate for that completion already exists the insert does
 * nothing and the function returns null, so the caller reads the winner.
 */
export function insertWithFreshCode(
  db: Executor,
  values: Omit<typeof certificates.$inferInsert, 'code' | 'issuedAt'>,
  onConflict: typeof certificates.attemptId | typeof certificates.faceToFaceSessionId | null,
): { id: number; code: string } | null {
  for (let i = 0; i < CODE_ATTEMPTS; i += 1) {
    const code = generateCode();
    try {
      const insert = db.insert(certificates).values({ ...values, code, issuedAt: now().getTime() });
      const row = (onConflict ? insert.onConflictDoNothing({ target: onConflict }) : insert)
        .returning({ id: certificates.id, code: certificates.code })
        .get();
      return row ?? null;
    } catch (error) {
      if (!isCodeCollision(error)) throw error;
    }
  }
  throw new Error(`Could not find an unused certificate code in ${CODE_ATTEMPTS} tries`);
}

/**
 * Issues the certificate for a passing assessment attempt, inside the
 * caller's transaction (the one that records the pass). Idempotent per
 * attempt: if the attempt already has a certificate, that one is returned
 * and no second is made. Throws if the attempt is not this user's or has
 * not passed, because a certificate must never exist without a pass.
 */
export function issueOnlineCertificate(
  tx: Executor,
  input: { userId: number; attemptId: number; completedOn: string },
): { id: number; code: string } {
  const existing = findForCompletion(tx, { attemptId: input.attemptId });
  if (existing) return existing;
  const attempt = tx.select().from(assessmentAttempts).where(eq(assessmentAttempts.id, input.attemptId)).get();
  if (!attempt || attempt.userId !== input.userId || attempt.passed !== true) {
    throw new Error(`Attempt ${input.attemptId} is not a pass by user ${input.userId}: no certificate issued`);
  }
  const holder = holderForUser(tx, input.userId);
  const inserted = insertWithFreshCode(
    tx,
    {
      kind: 'online',
      userId: input.userId,
      attemptId: input.attemptId,
      completedOn: input.completedOn,
      expiresOn: completionExpiresOn(input.completedOn, config.refresherMonths),
      ...holder,
    },
    certificates.attemptId,
  );
  return inserted ?? winner(findForCompletion(tx, { attemptId: input.attemptId }));
}

/** The certificate whose insert won over ours; it must exist, since the unique index turned ours away. */
function winner(row: { id: number; code: string } | undefined): { id: number; code: string } {
  if (!row) throw new Error('A certificate insert was refused as a duplicate, yet no certificate exists');
  return row;
}

/** The certificate already issued for a completion: an assessment attempt or a face-to-face session. */
function findForCompletion(
  db: Executor,
  completion: { attemptId: number } | { faceToFaceSessionId: number },
): { id: number; code: string } | undefined {
  return db
    .select({ id: certificates.id, code: certificates.code })
    .from(certificates)
    .where(
      'attemptId' in completion
        ? eq(certificates.attemptId, completion.attemptId)
        : eq(certificates.faceToFaceSessionId, completion.faceToFaceSessionId),
    )
    .get();
}

/**
 * Issues the certificate for a recorded face-to-face session (marked
 * `face_to_face`), idempotent per session. The certificate belongs to the
 * driver's register row, and to their account too when they have one.
 */
export function issueFaceToFaceCertificate(
  tx: Executor,
  input: { faceToFaceSessionId: number },
): { id: number; code: string } {
  const existing = findForCompletion(tx, { faceToFaceSessionId: input.faceToFaceSessionId });
  if (existing) return existing;
  const row = tx
    .select({ session: faceToFaceSessions, driver: drivers, userId: users.id })
    .from(faceToFaceSessions)
    .innerJoin(drivers, eq(drivers.id, faceToFaceSessions.driverId))
    .leftJoin(users, eq(users.driverId, drivers.id))
    .where(eq(faceToFaceSessions.id, input.faceToFaceSessionId))
    .get();
  if (!row) throw new Error(`No face-to-face session ${input.faceToFaceSessionId} to certify`);
  const inserted = insertWithFreshCode(
    tx,
    {
      kind: 'face_to_face',
      userId: row.userId,
      faceToFaceSessionId: row.session.id,
      completedOn: row.session.sessionDate,
      expiresOn: completionExpiresOn(row.session.sessionDate, config.refresherMonths),
      ...holderForDriver(row.driver),
    },
    certificates.faceToFaceSessionId,
  );
  return inserted ?? winner(findForCompletion(tx, { faceToFaceSessionId: input.faceToFaceSessionId }));
}

/**
 * The certificate a signed-in user downloads: their newest one that has not
 * been revoked, online or face-to-face (matched through their register row).
 * Null when they have none, so a revoked certificate is never served.
 */
export function currentCertificateForUser(userId: number, db: Executor = getDb()): Certificate | null {
  const user = db.select({ driverId: users.driverId }).from(users).where(eq(users.id, userId)).get();
  if (!user) return null;
  const owner = heldBy({ userId, driverId: user.driverId });
  return (
    db
      .select()
      .from(certificates)
      .where(and(owner, isNull(certificates.revokedAt)))
      .orderBy(desc(certificates.completedOn), desc(certificates.issuedAt), desc(certificates.id))
      .limit(1)
      .get() ?? null
  );
}
