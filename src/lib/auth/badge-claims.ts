/**
 * Claiming a badge (issue 10, F-5). The badge number and surname are printed on the badge shown in the cab, so
 * they alone never link an account to a register row. The link is made at once only when the claimant also gives
 * the date of birth the register holds. Otherwise the account waits (`claimedDriverId`) until the driver opens a
 * one-time link sent to the e-mail address the register holds, or an officer confirms it. A waiting account can do
 * the course, but no certificate is issued or downloaded until the link is confirmed; then its pass counts.
 * The register's e-mail address is told whenever its badge is claimed.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { assessmentAttempts, certificates, drivers, oneTimeTokens, users } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { now, today } from '../clock.ts';
import { config } from '../config.ts';
import { issueOnlineCertificate } from '../certificates/issue.ts';
import { logEvent } from '../log.ts';
import { preparedOnce } from '../prepared.ts';
import { sendMail } from '../mail.ts';
import { findUsableToken, hashToken } from './one-time-tokens.ts';

/** How long the link sent to the register's e-mail address works. */
export const CLAIM_LINK_LIFETIME_MS = 7 * 24 * 60 * 60_000;

/** Whether a user's account is waiting for its badge claim to be confirmed. */
export function isClaimPending(userId: number, db: Executor = getDb()): boolean {
  const row = db
    .select({ driverId: users.driverId, claimed: users.claimedDriverId })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return row !== undefined && row.driverId === null && row.claimed !== null;
}

const claimedBadge = preparedOnce((db: Executor) =>
  db
    .select({ badge: drivers.badgeNumber, driverId: users.driverId })
    .from(users)
    .innerJoin(drivers, eq(drivers.id, users.claimedDriverId))
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare(),
);

/** The badge a waiting account has claimed, for the course page's notice; null when nothing is waiting. */
export function pendingClaimBadge(userId: number, db: Executor = getDb()): string | null {
  const row = claimedBadge(db).get({ userId });
  return row && row.driverId === null ? row.badge : null;
}

/**
 * Tells the register's e-mail address that its badge was claimed; when the claim waits, the message carries the
 * one-time link that confirms it. Not awaited by the caller's answer, so a slow mail server delays nobody.
 */
export function notifyRegisterOfClaim(
  db: Executor,
  input: { driverId: number; userId: number; confirmed: boolean },
): void {
  const driver = db.select().from(drivers).where(eq(drivers.id, input.driverId)).get();
  if (!driver?.email) return;
  let link: string | null = null;
  if (!input.confirmed) {
    const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
    const at = now().getTime();
    db.insert(oneTimeTokens)
      .values({
        tokenHash: hashToken(token),
        userId: input.userId,
        purpose: 'badge_claim',
        expiresAt: at + CLAIM_LINK_LIFETIME_MS,
        createdAt: at,
      })
      .run();
    link = `${config.baseUrl}/register/claim/${token}`;
  }
  const office = config.licensingOffice;
  const contact = [office.name, office.phone, office.email].filter(Boolean).join(', ');
  sendMail({
    to: driver.email,
    subject: `Your badge was used to create a ${config.siteName} training account`,
    text: [
      `Someone has just created a taxi driver training account with badge number ${driver.badgeNumber}.`,
      '',
      ...(link
        ? [
            'If this was you, open this link within 7 days to link the account to your badge:',
            link,
            '',
            'Until then the account can do the course, but no certificate is issued.',
          ]
        : ['The account gave the date of birth on the licensing register and is linked to your badge.']),
      '',
      `If this was not you, contact ${contact} so that they can release your badge.`,
      '',
      config.authorityName,
    ].join('\n'),
  }).catch((error: unknown) =>
    logEvent('mail_failed', { purpose: 'badge_claim', error: error instanceof Error ? error.name : 'unknown' }),
  );
}

export type ConfirmResult = { ok: true; driverId: number } | { ok: false; reason: 'not_pending' | 'badge_taken' };

/**
 * Links a waiting account to the register row it claimed, inside the caller's transaction: other waiting claims on
 * that badge end, and a pass the account already has gets its certificate now. The unique index on
 * `users.driver_id` settles a race between two confirmations.
 */
export function confirmClaim(
  tx: Executor,
  input: { userId: number; actorUserId: number | null; method: 'email' | 'officer' },
): ConfirmResult {
  const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
  if (!user || user.driverId !== null || user.claimedDriverId === null) return { ok: false, reason: 'not_pending' };
  const driverId = user.claimedDriverId;
  if (tx.select({ id: users.id }).from(users).where(eq(users.driverId, driverId)).get()) {
    return { ok: false, reason: 'badge_taken' };
  }
  const driver = tx.select().from(drivers).where(eq(drivers.id, driverId)).get();
  if (!driver) return { ok: false, reason: 'not_pending' };
  tx.update(users)
    .set({ driverId, claimedDriverId: null, isApplicant: false, surname: driver.surname, forenames: driver.forenames })
    .where(eq(users.id, user.id))
    .run();
  tx.update(users).set({ claimedDriverId: null }).where(eq(users.claimedDriverId, driverId)).run();
  const pass = tx
    .select({ id: assessmentAttempts.id, submittedAt: assessmentAttempts.submittedAt })
    .from(assessmentAttempts)
    .leftJoin(certificates, eq(certificates.attemptId, assessmentAttempts.id))
    .where(and(eq(assessmentAttempts.userId, user.id), eq(assessmentAttempts.passed, true), isNull(certificates.id)))
    .orderBy(desc(assessmentAttempts.submittedAt))
    .get();
  if (pass) {
    const completedOn = today(new Date(pass.submittedAt ?? now().getTime()));
    issueOnlineCertificate(tx, { userId: user.id, attemptId: pass.id, completedOn });
  }
  audit(
    {
      actorUserId: input.actorUserId ?? user.id,
      action: 'badge_claim_confirmed',
      driverId,
      detail: { method: input.method, userId: user.id },
    },
    tx,
  );
  return { ok: true, driverId };
}

function usableClaimToken(db: Executor, token: string) {
  if (!/^[a-z2-7]{20,80}$/.test(token)) return undefined;
  return findUsableToken(db, token, 'badge_claim');
}

/** Whether a claim link is still usable (the page shows its button only then). */
export function isUsableClaimLink(token: string): boolean {
  return usableClaimToken(getDb(), token) !== undefined;
}

/** Confirms a claim with the link sent to the register's e-mail address; the link works once. */
export function confirmClaimByLink(token: string): ConfirmResult | { ok: false; reason: 'link_unusable' } {
  return getDb().transaction((tx) => {
    const row = usableClaimToken(tx, token);
    if (!row?.userId) return { ok: false, reason: 'link_unusable' } as const;
    tx.update(oneTimeTokens).set({ usedAt: now().getTime() }).where(eq(oneTimeTokens.tokenHash, row.tokenHash)).run();
    return confirmClaim(tx, { userId: row.userId, actorUserId: null, method: 'email' });
  });
}
