/**
 * Everything held about one driver, for the officer's driver page: the
 * register row (with its contact details) and status, the account, course
 * progress, every assessment attempt, certificates, face-to-face records,
 * reminders sent and the audit trail.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import {
  assessmentAttempts,
  auditLog,
  certificates,
  drivers,
  faceToFaceSessions,
  moduleProgress,
  users,
} from '../../../db/schema.ts';
import { answersOf, type SeenQuestion } from '../training/assessment.ts';
import { driverReminders, type DriverReminder } from '../reminders/progress.ts';
import type { DriverListRow } from './drivers-query.ts';
import { driverStatusSelect, type StatusParams } from './status-sql.ts';
import { heldBy } from '../certificates/held-by.ts';
import { formatCode } from '../certificates/code.ts';
import { recordId } from '../http/params.ts';

export type AccountState = 'none' | 'active' | 'disabled';

export interface DriverRecord {
  driver: DriverListRow & {
    date_of_birth: string | null;
    register_email: string | null;
    address_line_1: string | null;
    address_line_2: string | null;
    town: string | null;
    postcode: string | null;
    mobile: string | null;
  };
  account: { id: number; email: string; state: AccountState } | null;
  progress: Array<typeof moduleProgress.$inferSelect>;
  attempts: Array<{
    id: number;
    startedAt: number;
    submittedAt: number | null;
    score: number | null;
    questions: number;
    passed: boolean | null;
    /** What the driver saw and chose, from the attempt's snapshot; null for attempts made before it was kept. */
    seen: AttemptQuestionSeen[] | null;
  }>;
  certificates: Array<typeof certificates.$inferSelect>;
  faceToFace: Array<typeof faceToFaceSessions.$inferSelect>;
  audit: Array<{ id: number; at: number; action: string; detail: string; actorEmail: string | null }>;
  reminders: DriverReminder[];
}

/** One question of an attempt as the driver saw it: options in the order shown, which they chose, which was right. */
export interface AttemptQuestionSeen {
  id: string;
  module: string;
  question: string;
  options: Array<{ text: string; chosen: boolean; correct: boolean }>;
}

/** An attempt's snapshot joined to its answers, or null when the attempt kept no snapshot. */
export function attemptAsSeen(questionsSeen: string | null, answers: string | null): AttemptQuestionSeen[] | null {
  if (!questionsSeen) return null;
  const chosen = answersOf({ answers });
  return (JSON.parse(questionsSeen) as SeenQuestion[]).map((q) => ({
    id: q.id,
    module: q.module,
    question: q.question,
    options: q.options.map((o) => ({ text: o.text, chosen: chosen[q.id] === o.id, correct: o.correct })),
  }));
}

/**
 * The driver's record, or null when no register row has that id. The page
 * shows the newest 200 audit entries; a subject access export asks for all.
 */
export function driverRecord(
  driverId: number,
  params: StatusParams,
  db: Executor = getDb(),
  auditLimit = 200,
): DriverRecord | null {
  const driver = db.get<DriverRecord['driver']>(
    sql`SELECT s.*, d.date_of_birth, d.email AS register_email, d.address_line_1, d.address_line_2, d.town,
          d.postcode, d.mobile
        FROM (${driverStatusSelect(params, sql`d.id = ${driverId}`)}) s JOIN drivers d ON d.id = s.id`,
  );
  if (!driver) return null;
  const user =
    driver.user_id === null ? null : (db.select().from(users).where(eq(users.id, driver.user_id)).get() ?? null);
  const userId = user?.id ?? -1;
  return {
    driver,
    account: user ? { id: user.id, email: user.email, state: user.disabledAt === null ? 'active' : 'disabled' } : null,
    progress: db
      .select()
      .from(moduleProgress)
      .where(eq(moduleProgress.userId, userId))
      .orderBy(moduleProgress.startedAt)
      .all(),
    attempts: db
      .select({
        id: assessmentAttempts.id,
        startedAt: assessmentAttempts.startedAt,
        submittedAt: assessmentAttempts.submittedAt,
        score: assessmentAttempts.score,
        questions: sql<number>`json_array_length(${assessmentAttempts.questionIds})`,
        passed: assessmentAttempts.passed,
        questionsSeen: assessmentAttempts.questionsSeen,
        answers: assessmentAttempts.answers,
      })
      .from(assessmentAttempts)
      .where(eq(assessmentAttempts.userId, userId))
      .orderBy(desc(assessmentAttempts.startedAt))
      .all()
      .map(({ questionsSeen, answers, ...a }) => ({ ...a, seen: attemptAsSeen(questionsSeen, answers) })),
    certificates: db
      .select()
      .from(certificates)
      .where(heldBy({ userId: user?.id ?? null, driverId }))
      .orderBy(desc(certificates.issuedAt))
      .all(),
    faceToFace: db
      .select()
      .from(faceToFaceSessions)
      .where(eq(faceToFaceSessions.driverId, driverId))
      .orderBy(desc(faceToFaceSessions.sessionDate))
      .all(),
    audit: db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        action: auditLog.action,
        detail: auditLog.detail,
        actorEmail: users.email,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(eq(auditLog.driverId, driverId))
      .orderBy(desc(auditLog.id))
      .limit(auditLimit)
      .all(),
    reminders: driverReminders(driverId, db),
  };
}

/** Everything held about a driver, with the whole audit trail, for a subject access export. */
export function subjectAccessRecord(driverId: number, params: StatusParams): DriverRecord | null {
  return driverRecord(driverId, params, getDb(), -1);
}

/** A certificate of this driver's (held by the register row or its account), or null. */
export function driverCertificate(
  driverId: number,
  certificateId: number,
  db: Executor = getDb(),
): typeof certificates.$inferSelect | null {
  const account = db.select({ id: users.id }).from(users).where(eq(users.driverId, driverId)).get();
  const held = heldBy({ userId: account?.id ?? null, driverId });
  return (
    db
      .select()
      .from(certificates)
      .where(and(eq(certificates.id, certificateId), held))
      .get() ?? null
  );
}

/** A driver's id and name for the pages that act on one driver, or null when no register row has that id. */
export function driverSummary(driverId: number, db: Executor = getDb()): { id: number; name: string } | null {
  const row = db
    .select({ id: drivers.id, forenames: drivers.forenames, surname: drivers.surname })
    .from(drivers)
    .where(eq(drivers.id, driverId))
    .get();
  return row ? { id: row.id, name: `${row.forenames} ${row.surname}` } : null;
}

/**
 * The driver and one of their certificates that is not revoked, from a page's raw route parameters: what the
 * revoke and reissue pages act on, with its code as printed. Null for a malformed id, another driver's certificate or
 * a revoked one.
 */
export function certificateForAction(
  rawDriverId: string | undefined,
  rawCertificateId: string | undefined,
): { driver: { id: number; name: string }; certificate: typeof certificates.$inferSelect; code: string } | null {
  const driverId = recordId(rawDriverId);
  const certificateId = recordId(rawCertificateId);
  const driver = driverId === null ? null : driverSummary(driverId);
  const certificate = driver && certificateId !== null ? driverCertificate(driver.id, certificateId) : null;
  if (!driver || !certificate || certificate.revokedAt !== null) return null;
  return { driver, certificate, code: formatCode(certificate.code) };
}
