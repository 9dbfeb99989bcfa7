/**
 * What an officer can do about the accounts attached to one register row: confirm or refuse a waiting badge claim,
 * release a badge that was claimed wrongly, and disable a driver's account. Every action ends the sessions it
 * should and is audited with ids only.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../db.ts';
import { certificates, users } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { confirmClaim } from '../auth/badge-claims.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { now } from '../clock.ts';

export interface WaitingClaim {
  userId: number;
  email: string;
  createdAt: number;
}

/** Accounts waiting for an officer (or the register's e-mail link) to confirm their claim on this badge. */
export function waitingClaims(driverId: number): WaitingClaim[] {
  return getDb()
    .select({ userId: users.id, email: users.email, createdAt: users.createdAt })
    .from(users)
    .where(and(eq(users.claimedDriverId, driverId), isNull(users.driverId)))
    .all();
}

export type AccountActionResult = { ok: true } | { ok: false; reason: 'not_found' | 'badge_taken' };

/** An officer confirms a waiting claim: the account is linked and its pass counts for the badge. */
export function confirmWaitingClaim(input: {
  driverId: number;
  userId: number;
  officerId: number;
}): AccountActionResult {
  return getDb().transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
    if (user?.claimedDriverId !== input.driverId) return { ok: false, reason: 'not_found' } as const;
    const result = confirmClaim(tx, { userId: input.userId, actorUserId: input.officerId, method: 'officer' });
    return result.ok ? ({ ok: true } as const) : ({ ok: false, reason: 'badge_taken' } as const);
  });
}

/**
 * Releases a badge from an account that should not hold it: a waiting claim is refused, a confirmed link is
 * undone. The account's online certificates in this driver's name are revoked, face-to-face ones stay with the
 * register row, and the account's sessions end.
 */
export function releaseBadge(input: { driverId: number; userId: number; officerId: number }): AccountActionResult {
  const db = getDb();
  const done = db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
    if (!user || (user.driverId !== input.driverId && user.claimedDriverId !== input.driverId)) return false;
    const at = now().getTime();
    tx.update(certificates)
      .set({ revokedAt: at, revokedBy: input.officerId, revokedReason: 'Badge released: claimed by someone else' })
      .where(
        and(
          eq(certificates.userId, user.id),
          eq(certificates.driverId, input.driverId),
          eq(certificates.kind, 'online'),
          isNull(certificates.revokedAt),
        ),
      )
      .run();
    tx.update(certificates)
      .set({ userId: null })
      .where(and(eq(certificates.userId, user.id), eq(certificates.kind, 'face_to_face')))
      .run();
    tx.update(users).set({ driverId: null, claimedDriverId: null }).where(eq(users.id, user.id)).run();
    invalidateUserSessions(user.id, undefined, tx);
    audit(
      {
        actorUserId: input.officerId,
        action: 'badge_released',
        driverId: input.driverId,
        detail: { userId: user.id, wasConfirmed: user.driverId === input.driverId },
      },
      tx,
    );
    return true;
  });
  return done ? { ok: true } : { ok: false, reason: 'not_found' };
}

/** Disables a driver's account (linked or waiting on this badge) and ends its sessions at once. */
export function disableDriverAccount(input: {
  driverId: number;
  userId: number;
  officerId: number;
}): AccountActionResult {
  const db = getDb();
  const done = db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
    if (!user || user.role !== 'driver' || user.disabledAt !== null) return false;
    if (user.driverId !== input.driverId && user.claimedDriverId !== input.driverId) return false;
    tx.update(users).set({ disabledAt: now().getTime() }).where(eq(users.id, user.id)).run();
    invalidateUserSessions(user.id, undefined, tx);
    audit(
      {
        actorUserId: input.officerId,
        action: 'driver_account_disabled',
        driverId: input.driverId,
        detail: { userId: user.id },
      },
      tx,
    );
    return true;
  });
  return done ? { ok: true } : { ok: false, reason: 'not_found' };
}
