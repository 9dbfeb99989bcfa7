/**
 * Checking e-mail and password at sign-in (ASVS 6.1.1, 6.3.1), with throttles that cannot be turned against
 * an account's holder (review F-3):
 * - failures per address: 30 at once, then one every 2 seconds; an address out of tries is refused before
 *   any password hashing;
 * - the password is checked before any per-account counter decides anything;
 * - a browser that has signed in to the account before (a device cookie, `device.ts`) counts its failures
 *   against itself only, and with the right password always signs in, however many strangers have failed;
 * - everyone else together gets `ACCOUNT_FAILURES_PER_HOUR` wrong guesses at once, then that many an hour.
 *   While those are spent, a browser the account does not know is refused even with the right password: its
 *   holder signs in from a browser they have used before, waits, or resets the password, which clears them.
 * Unknown e-mail, wrong password and disabled account all get the same answer after the same work (6.3.8).
 * The counters live in SQLite, so a restart clears nothing.
 */
import { z } from 'zod';
import { audit } from '../audit.ts';
import { emailField, formErrors, type FormErrors } from '../forms.ts';
import { logEvent } from '../log.ts';
import { isKnownDevice } from './device.ts';
import { verifyNothing, verifyPassword } from './password.ts';
import { TokenBucket } from './rate-limit.ts';
import { findUserByEmail, normaliseEmail, type UserRow } from './users.ts';

/** Wrong guesses an account takes from browsers it does not know: this many at once, then this many an hour. */
export const ACCOUNT_FAILURES_PER_HOUR = 10;
const perAddress = new TokenBucket('sign_in_address', 30, 2_000);
const perAccount = new TokenBucket('sign_in_account', ACCOUNT_FAILURES_PER_HOUR, 3_600_000 / ACCOUNT_FAILURES_PER_HOUR);
/** A known browser's own failures on its account: 10 at once, then one a minute. */
const perDevice = new TokenBucket('sign_in_device', 10, 60_000);

/** The sign-in form. The password is not trimmed: spaces are part of it. */
export const signInSchema = z.object({
  email: emailField(),
  password: z
    .string({ required_error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(1024, 'Password must be 1024 characters or fewer'),
});

/** The one message for an unknown e-mail, a wrong password or a disabled account. */
export const INVALID_CREDENTIALS = 'Enter a correct email address and password';

/** What the sign-in form says for a refusal. */
export function signInErrors(reason: 'invalid' | 'throttled'): FormErrors {
  const message =
    reason === 'invalid' ? INVALID_CREDENTIALS : 'Too many attempts to sign in. Wait a few minutes, then try again';
  return formErrors([{ field: 'email', message }]);
}

export type SignInResult = { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'throttled' };

function isOfficer(user: UserRow): boolean {
  return user.role === 'officer' || user.role === 'admin';
}

/**
 * Checks credentials from `address`, with the browser's device token if it sent one; records the outcome in
 * the audit log (officers) or the event log (drivers).
 */
export async function checkCredentials(
  email: string,
  password: string,
  address: string,
  device?: string,
): Promise<SignInResult> {
  const account = normaliseEmail(email);
  if (!perAddress.has(address)) {
    logEvent('sign_in_throttled', { scope: 'address' });
    return { ok: false, reason: 'throttled' };
  }
  const user = findUserByEmail(account);
  const known = user !== undefined && isKnownDevice(user.id, device);
  const deviceKey = `${user?.id}:${device}`;
  if (known && !perDevice.has(deviceKey)) {
    logEvent('sign_in_throttled', { scope: 'device' });
    return { ok: false, reason: 'throttled' };
  }
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyNothing(password);
  if (!user || !valid || user.disabledAt !== null) {
    perAddress.consume(address);
    const counted = known ? perDevice.consume(deviceKey) : perAccount.consume(account);
    if (user && isOfficer(user))
      audit({ actorUserId: user.id, action: 'sign_in_failed', detail: { disabled: user.disabledAt !== null } });
    logEvent('sign_in_failed', { userId: user?.id ?? null, role: user?.role ?? null });
    return { ok: false, reason: counted ? 'invalid' : 'throttled' };
  }
  if (!known && !perAccount.has(account)) {
    logEvent('sign_in_throttled', { scope: 'account', userId: user.id });
    return { ok: false, reason: 'throttled' };
  }
  if (known) perDevice.reset(deviceKey);
  if (isOfficer(user)) audit({ actorUserId: user.id, action: 'sign_in' });
  logEvent('sign_in', { userId: user.id, role: user.role, knownDevice: known });
  return { ok: true, user };
}

/** Clears the failures strangers left on an account, once its holder has proved control (a password reset). */
export function forgetSignInFailures(email: string): void {
  perAccount.reset(normaliseEmail(email));
}

/** Control characters and backslashes, raw or percent-encoded: browsers read `\\` as `/` and drop tabs and newlines. */
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f\\]|%(?:[01][0-9a-f]|7f|5c)/i;

/**
 * The `next` parameter if it is a path on this site, else null. The check
 * runs on the result of URL normalisation, not on the raw string:
 * `/.//evil.com`, `/%2e//evil.com` and `/a/..//evil.com` all normalise to
 * `//evil.com`, which a browser reads as another site. The one function for
 * every place that reads `next`.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || UNSAFE_IN_PATH.test(next)) return null;
  const base = 'http://portal.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (/^\/[/\\]/.test(url.pathname) || /^\/[/\\]/.test(decoded) || UNSAFE_IN_PATH.test(decoded)) return null;
  return url.pathname + url.search + url.hash;
}
