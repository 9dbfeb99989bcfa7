/**
 * The retention rule that `npm run retention` applies, as docs/privacy-operations.md states it. Each step is one
 * statement or one transaction per driver, so the command can be stopped and run again at any point.
 */
import { addYears, subDays } from 'date-fns';
import { and, eq, isNotNull, lt, not, or, sql } from 'drizzle-orm';
import { type Db } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { oneTimeTokens, pendingRegistrations, sessions, users, verificationLog } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { now, today } from '../clock.ts';
import { SESSION_LIMITS } from '../auth/session.ts';
import { driversExpiredBefore, eraseAccount, eraseDriver } from './erasure.ts';

/** Years after a licence expires (the driver has left the register) before their data is erased. */
export const REGISTER_YEARS_AFTER_EXPIRY = 6;
/** Years without a sign-in before a driver account is erased. */
export const INACTIVE_ACCOUNT_YEARS = 6;
/** Days the outcome-only verification log is kept. */
export const VERIFICATION_LOG_DAYS = 365;

export interface RetentionReport {
  driversErased: number;
  accountsErased: number;
  sessionsDeleted: number;
  linksDeleted: number;
  verificationsDeleted: number;
}

/** Applies the retention rule once and reports what it removed. */
export function applyRetention(db: Db = getDb()): RetentionReport {
  const at = now();
  const ms = at.getTime();

  const expiryCutoff = today(addYears(at, -REGISTER_YEARS_AFTER_EXPIRY));
  let driversErased = 0;
  for (const driverId of driversExpiredBefore(expiryCutoff, db)) {
    if (eraseDriver(driverId, null, 'retention', db).ok) driversErased += 1;
  }

  const inactiveBefore = addYears(at, -INACTIVE_ACCOUNT_YEARS).getTime();
  const inactive = db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.role, 'driver'),
        not(sql`${users.email} LIKE '%@erased.invalid'`),
        sql`coalesce(${users.lastSignInAt}, ${users.createdAt}) < ${inactiveBefore}`,
      ),
    )
    .all();
  for (const { id } of inactive) {
    db.transaction((tx) => {
      eraseAccount(tx, id);
      audit({ actorUserId: null, action: 'account_erased', detail: { userId: id, reason: 'retention' } }, tx);
    });
  }

  const sessionsDeleted = db
    .delete(sessions)
    .where(
      or(
        ...Object.entries(SESSION_LIMITS).map(([role, limits]) =>
          and(
            sql`${sessions.userId} IN (SELECT id FROM users WHERE role = ${role})`,
            or(lt(sessions.lastSeenAt, ms - limits.idle), lt(sessions.createdAt, ms - limits.absolute)),
          ),
        ),
      ),
    )
    .run().changes;
  // A registration's confirmation link is a link too; an unused one holds an e-mail address and a password hash.
  const linksDeleted =
    db
      .delete(oneTimeTokens)
      .where(or(lt(oneTimeTokens.expiresAt, ms), isNotNull(oneTimeTokens.usedAt)))
      .run().changes + db.delete(pendingRegistrations).where(lt(pendingRegistrations.expiresAt, ms)).run().changes;
  const verificationsDeleted = db
    .delete(verificationLog)
    .where(lt(verificationLog.at, subDays(at, VERIFICATION_LOG_DAYS).getTime()))
    .run().changes;

  return { driversErased, accountsErased: inactive.length, sessionsDeleted, linksDeleted, verificationsDeleted };
}
