/**
 * Password reset by e-mailed link (ASVS 6.4.3): the token is 32 random
 * bytes, only its SHA-256 hash is stored, it expires within an hour and
 * works once. Setting the new password ends every session of the account
 * and forgets every browser it knew (device cookies, `device.ts`).
 * Asking for a link answers the same whether or not the address has an
 * account.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../db.ts';
import { oneTimeTokens, users } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { emailField } from '../forms.ts';
import { logEvent } from '../log.ts';
import { sendMail } from '../mail.ts';
import { forgetDevices } from './device.ts';
import { confirmPasswordField, hashPassword, newPasswordField, passwordsMatch } from './password.ts';
import { TokenBucket } from './rate-limit.ts';
import { needsSecondFactor } from './second-factor.ts';
import { invalidateUserSessions } from './session.ts';
import { forgetSignInFailures } from './sign-in.ts';
import { findUserByEmail, normaliseEmail } from './users.ts';
import { findUsableToken, hashToken } from './one-time-tokens.ts';

/** How long a reset link works. */
export const RESET_LINK_LIFETIME_MS = 60 * 60_000;
/** 10 requests at once from one address, then one a minute. */
const perAddress = new TokenBucket('reset_address', 10, 60_000);
/** 3 e-mails at once to one address, then one every 10 minutes, so nobody can flood an inbox. */
const perEmail = new TokenBucket('reset_email', 3, 10 * 60_000);

/** The form that asks for a link. */
export const resetRequestSchema = z.object({ email: emailField() });

/** The form on the link's page that sets the new password. */
export const newPasswordSchema = z
  .object({
    newPassword: newPasswordField('Enter a new password'),
    confirmPassword: confirmPasswordField('Enter your new password again'),
  })
  .superRefine(passwordsMatch('newPassword', 'confirmPassword'));

/**
 * Sends a reset link if the address belongs to an active account. Returns
 * false only when the requester is being throttled; the caller shows the
 * same confirmation either way otherwise.
 */
export function requestPasswordReset(email: string, address: string): boolean {
  if (!perAddress.consume(address)) return false;
  const account = normaliseEmail(email);
  const user = findUserByEmail(account);
  if (!user || user.disabledAt !== null || !perEmail.consume(account)) {
    logEvent('password_reset_requested', { userId: user?.id ?? null, sent: false });
    return true;
  }
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  const token = encodeBase32LowerCaseNoPadding(bytes);
  const at = now().getTime();
  const db = getDb();
  db.transaction((tx) => {
    // Only the newest link works: an older one still sitting in the inbox is cancelled.
    tx.delete(oneTimeTokens)
      .where(
        and(
          eq(oneTimeTokens.userId, user.id),
          eq(oneTimeTokens.purpose, 'password_reset'),
          isNull(oneTimeTokens.usedAt),
        ),
      )
      .run();
    tx.insert(oneTimeTokens)
      .values({
        tokenHash: hashToken(token),
        userId: user.id,
        purpose: 'password_reset',
        expiresAt: at + RESET_LINK_LIFETIME_MS,
        createdAt: at,
      })
      .run();
  });
  logEvent('password_reset_requested', { userId: user.id, sent: true });
  // Not awaited: the answer must come as fast for an unknown address as for a known one.
  sendMail({
    to: user.email,
    subject: `Reset your ${config.siteName} password`,
    text: [
      'Someone asked to reset the password for your account.',
      '',
      'To choose a new password, open this link within 1 hour:',
      `${config.baseUrl}/password-reset/${token}`,
      '',
      'The link works once. If you did not ask for this, you can ignore this email: your password has not changed.',
      '',
      config.authorityName,
    ].join('\n'),
  }).catch((error: unknown) =>
    logEvent('mail_failed', { purpose: 'password_reset', error: error instanceof Error ? error.name : 'unknown' }),
  );
  return true;
}

/** The user a reset token belongs to, if it is unused and unexpired. */
export function resetTokenUser(token: string): number | null {
  if (!/^[a-z2-7]{20,80}$/.test(token)) return null;
  return findUsableToken(getDb(), token, 'password_reset')?.userId ?? null;
}

/**
 * Sets a new password with a reset token: uses up the token, replaces the
 * hash, ends every session and forgets every known browser, all in one
 * transaction. False when the token is unknown, used or expired (including
 * when two tabs race).
 */
export async function resetPassword(token: string, newPassword: string): Promise<boolean> {
  const userId = resetTokenUser(token);
  if (userId === null) return false;
  const passwordHash = await hashPassword(newPassword);
  const at = now().getTime();
  const db = getDb();
  const done = db.transaction((tx) => {
    const used = tx
      .update(oneTimeTokens)
      .set({ usedAt: at })
      .where(
        and(
          eq(oneTimeTokens.tokenHash, hashToken(token)),
          isNull(oneTimeTokens.usedAt),
          gt(oneTimeTokens.expiresAt, at),
        ),
      )
      .run();
    if (used.changes !== 1) return false;
    tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
    invalidateUserSessions(userId, undefined, tx);
    forgetDevices(userId, tx);
    const driverId =
      tx.select({ driverId: users.driverId }).from(users).where(eq(users.id, userId)).get()?.driverId ?? null;
    audit({ actorUserId: userId, action: 'password_reset', driverId }, tx);
    return true;
  });
  if (done) {
    const email = getDb().select({ email: users.email }).from(users).where(eq(users.id, userId)).get()?.email;
    if (email) forgetSignInFailures(email);
    logEvent('password_reset', { userId });
  }
  return done;
}

/**
 * Whether resetting this account's password also needs its second factor: an officer's password reset by an
 * e-mail link alone would let whoever reads the mailbox past both factors.
 */
export function resetNeedsSecondFactor(userId: number): boolean {
  const row = getDb()
    .select({ role: users.role, confirmed: users.totpConfirmedAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return row !== undefined && needsSecondFactor(row.role) && row.confirmed !== null;
}
