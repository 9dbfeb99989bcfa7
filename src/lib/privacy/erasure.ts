/**
 * Erasing a driver's personal data on request (UK GDPR article 17) and by the retention rule
 * (docs/privacy-operations.md). Rows are anonymised, never deleted: the register row, the account, attempts,
 * face-to-face sessions and certificates stay, so the dashboard's counts and history (kept by triggers in
 * `driver_training_facts`) do not change. What identifies the person is overwritten or cleared in one transaction;
 * the audit entry names only the register row's id.
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { type Db, type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import {
  certificates,
  drivers,
  moduleProgress,
  oneTimeTokens,
  pendingRegistrations,
  recoveryCodes,
  sessions,
  users,
} from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { now } from '../clock.ts';

/**
 * Every personal column of a register row and what erasure leaves in it. A new personal column (a postal address,
 * a mobile number) goes here, and erasure clears it. Badge number and surname cannot be null, so they get
 * placeholders; licence type and expiry stay, because the counts need them and without a name they identify no one.
 */
const DRIVER_PERSONAL_COLUMNS = {
  badgeNumber: (id: number) => `ERASED-${id}`,
  surname: () => 'Erased',
  forenames: () => '',
  dateOfBirth: () => null,
  email: () => null,
  addressLine1: () => null,
  addressLine2: () => null,
  town: () => null,
  postcode: () => null,
  mobile: () => null,
} satisfies { [K in keyof typeof drivers.$inferInsert]?: (id: number) => (typeof drivers.$inferInsert)[K] };

/** The same for an account. The e-mail address must stay unique, so it becomes one that can never receive mail. */
const USER_PERSONAL_COLUMNS = {
  email: (id: number) => `erased-${id}@erased.invalid`,
  passwordHash: () => null,
  surname: () => null,
  forenames: () => null,
  dateOfBirth: () => null,
  totpKey: () => null,
  lastSignInAt: () => null,
} satisfies { [K in keyof typeof users.$inferInsert]?: (id: number) => (typeof users.$inferInsert)[K] };

function replacements<T extends Record<string, (id: number) => unknown>>(
  columns: T,
  id: number,
): { [K in keyof T]: ReturnType<T[K]> } {
  return Object.fromEntries(Object.entries(columns).map(([k, f]) => [k, f(id)])) as {
    [K in keyof T]: ReturnType<T[K]>;
  };
}

/**
 * Anonymises one account inside the caller's transaction: personal columns cleared, the account disabled, its
 * sessions, links and recovery codes deleted, free-text answers removed. Attempts and certificates stay for
 * the counts; certificates lose the holder's name.
 */
export function eraseAccount(tx: Executor, userId: number): void {
  tx.update(users)
    .set({ ...replacements(USER_PERSONAL_COLUMNS, userId), disabledAt: now().getTime() })
    .where(eq(users.id, userId))
    .run();
  tx.delete(sessions).where(eq(sessions.userId, userId)).run();
  tx.delete(oneTimeTokens).where(eq(oneTimeTokens.userId, userId)).run();
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  tx.update(moduleProgress).set({ scenarioAnswer: null }).where(eq(moduleProgress.userId, userId)).run();
  tx.update(certificates).set({ holderName: 'Erased', badgeNumber: null }).where(eq(certificates.userId, userId)).run();
}

export type EraseResult = { ok: true; driverId: number } | { ok: false; reason: 'not_found' | 'already_erased' };

/**
 * Erases a register row and every account linked to it or claiming it, and drops registrations still waiting for
 * their e-mail link on it, in one transaction, and audits it with the row's id only. `actorUserId` is the officer, or null for the command line and the retention rule.
 */
export function eraseDriver(
  driverId: number,
  actorUserId: number | null,
  reason: 'request' | 'retention',
  db: Db = getDb(),
): EraseResult {
  return db.transaction((tx): EraseResult => {
    const driver = tx.select().from(drivers).where(eq(drivers.id, driverId)).get();
    if (!driver) return { ok: false, reason: 'not_found' };
    if (driver.erasedAt !== null) return { ok: false, reason: 'already_erased' };
    const at = now().getTime();
    tx.update(drivers)
      .set({ ...replacements(DRIVER_PERSONAL_COLUMNS, driverId), erasedAt: at, updatedAt: at })
      .where(eq(drivers.id, driverId))
      .run();
    const accounts = tx
      .select({ id: users.id })
      .from(users)
      .where(or(eq(users.driverId, driverId), eq(users.claimedDriverId, driverId)))
      .all();
    for (const { id } of accounts) eraseAccount(tx, id);
    tx.delete(pendingRegistrations).where(eq(pendingRegistrations.driverId, driverId)).run();
    tx.update(certificates)
      .set({ holderName: 'Erased', badgeNumber: null })
      .where(eq(certificates.driverId, driverId))
      .run();
    audit({ actorUserId, action: 'driver_erased', driverId, detail: { reason, accounts: accounts.length } }, tx);
    return { ok: true, driverId };
  });
}

/** A register row's id, name and erasure state, for the erase page; null when there is no such row. */
export function driverForErasure(
  driverId: number,
  db: Executor = getDb(),
): { id: number; name: string; erasedAt: number | null } | null {
  const row = db.select().from(drivers).where(eq(drivers.id, driverId)).get();
  return row ? { id: row.id, name: `${row.forenames} ${row.surname}`.trim(), erasedAt: row.erasedAt } : null;
}

/** The register row with this badge number (any case), for the command line. */
export function driverIdByBadge(badgeNumber: string, db: Executor = getDb()): number | null {
  return (
    db
      .select({ id: drivers.id })
      .from(drivers)
      .where(sql`${drivers.badgeNumber} = ${badgeNumber.trim()} collate nocase`)
      .get()?.id ?? null
  );
}

/** Register rows whose licence expired before `cutoff` (YYYY-MM-DD) and that are not yet erased. */
export function driversExpiredBefore(cutoff: string, db: Executor = getDb()): number[] {
  return db
    .select({ id: drivers.id })
    .from(drivers)
    .where(and(lt(drivers.licenceExpiry, cutoff), isNull(drivers.erasedAt)))
    .all()
    .map((r) => r.id);
}
