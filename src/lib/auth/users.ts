/**
 * User accounts: finding them by e-mail and changing their passwords.
 * E-mail addresses are stored lower-cased and trimmed, so look-ups match
 * however the address was typed.
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { drivers, users, type Role } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { formErrors, type FormErrors } from '../forms.ts';
import { logEvent } from '../log.ts';
import { preparedOnce } from '../prepared.ts';
import { confirmPasswordField, hashPassword, newPasswordField, passwordsMatch, verifyPassword } from './password.ts';
import { TokenBucket } from './rate-limit.ts';
import { forgetDevices } from './device.ts';
import { invalidateUserSessions } from './session.ts';
import { OFFICER_PATH, TRAINING_PATH } from '../paths.ts';

export type UserRow = typeof users.$inferSelect;

/** The stored form of an e-mail address. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const userByEmail = preparedOnce((db: Executor) =>
  db
    .select()
    .from(users)
    .where(eq(users.email, sql.placeholder('email')))
    .prepare(),
);

/** The account with this e-mail address, if any (disabled accounts included). */
export function findUserByEmail(email: string, db: Executor = getDb()): UserRow | undefined {
  return userByEmail(db).get({ email: normaliseEmail(email) });
}

/** One account by id. */
export function findUserById(id: number, db: Executor = getDb()): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** Where a user goes after signing in when no other page was asked for. */
export function homePathFor(role: Role): string {
  return role === 'driver' ? TRAINING_PATH : OFFICER_PATH;
}

/** What the account page shows about the signed-in user. */
export interface AccountDetails {
  email: string;
  role: Role;
  isApplicant: boolean;
  name: string | null;
  badgeNumber: string | null;
}

/** The account page's facts for one user. */
export function accountDetails(userId: number): AccountDetails | undefined {
  const row = getDb()
    .select({
      user: users,
      badgeNumber: drivers.badgeNumber,
      registerForenames: drivers.forenames,
      registerSurname: drivers.surname,
    })
    .from(users)
    .leftJoin(drivers, eq(drivers.id, users.driverId))
    .where(eq(users.id, userId))
    .get();
  if (!row) return undefined;
  const forenames = row.registerForenames ?? row.user.forenames;
  const surname = row.registerSurname ?? row.user.surname;
  const name = [forenames, surname].filter(Boolean).join(' ') || null;
  return {
    email: row.user.email,
    role: row.user.role,
    isApplicant: row.user.isApplicant,
    name,
    badgeNumber: row.badgeNumber,
  };
}

/** The change-password form on the account page. */
export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ required_error: 'Enter your current password' })
      .min(1, 'Enter your current password')
      .max(1024, 'Password must be 1024 characters or fewer'),
    newPassword: newPasswordField('Enter a new password'),
    confirmPassword: confirmPasswordField('Enter your new password again'),
  })
  .superRefine(passwordsMatch('newPassword', 'confirmPassword'));

/** 5 wrong current passwords at once, then one a minute: someone at an unattended signed-in phone cannot guess the password fast. */
const currentPasswordChecks = new TokenBucket('password_change_user', 5, 60_000);

export type ChangePasswordOutcome = 'changed' | 'wrong_password' | 'throttled';

/**
 * Changes the signed-in user's own password after checking the current one, then ends their other sessions and
 * forgets every other browser (ASVS 6.2.3, 7.4.3). `keep` is this session and this browser's device token.
 */
export async function changeOwnPassword(
  userId: number,
  currentPassword: string,
  newPassword: string,
  keep: { sessionId: string; deviceToken?: string | undefined },
): Promise<ChangePasswordOutcome> {
  const key = String(userId);
  if (!currentPasswordChecks.consume(key)) return 'throttled';
  const user = findUserById(userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    logEvent('password_change_refused', { userId });
    return 'wrong_password';
  }
  currentPasswordChecks.reset(key);
  await changePassword(userId, newPassword, keep);
  logEvent('password_changed', { userId });
  return 'changed';
}

/** What the change-password form says for a refusal. */
export function changePasswordErrors(outcome: Exclude<ChangePasswordOutcome, 'changed'>): FormErrors {
  const message =
    outcome === 'wrong_password'
      ? 'Your current password is not correct'
      : 'Too many attempts. Wait a few minutes, then try again';
  return formErrors([{ field: 'currentPassword', message }]);
}

/**
 * Replaces a user's password (the caller has checked the current one). With `keep`, the session and browser the
 * change was made from stay signed in and known; every other session ends and every other browser is forgotten
 * (`forgetDevices`). Without it, every session ends and no browser stays known.
 */
export async function changePassword(
  userId: number,
  newPassword: string,
  keep?: { sessionId: string; deviceToken?: string | undefined },
): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  const db = getDb();
  db.transaction((tx) => {
    const user = tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, userId))
      .returning({ driverId: users.driverId })
      .get();
    invalidateUserSessions(userId, keep?.sessionId, tx);
    forgetDevices(userId, tx, keep?.deviceToken);
    audit({ actorUserId: userId, action: 'password_changed', driverId: user?.driverId ?? null }, tx);
  });
}
