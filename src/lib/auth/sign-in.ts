/**
 * Checking e-mail and password at sign-in. Throttled per IP address and per
 * account before any hashing, with buckets that refill, so an attacker can
 * slow guessing against an account but never lock its holder out for good
 * (ASVS 6.1.1, 6.3.1). Unknown e-mail, wrong password and disabled account
 * all get the same answer after the same amount of work (ASVS 6.3.8).
 */
import { z } from 'zod';
import { audit } from '../audit.ts';
import { emailField, formErrors, type FormErrors } from '../forms.ts';
import { logEvent } from '../log.ts';
import { verifyNothing, verifyPassword } from './password.ts';
import { TokenBucket } from './rate-limit.ts';
import { findUserByEmail, normaliseEmail, type UserRow } from './users.ts';

/** 30 attempts at once from one address, then one every 2 seconds. */
const perAddress = new TokenBucket(30, 2_000);
/** 10 attempts at once on one account, then one a minute; a successful sign-in refills it. */
const perAccount = new TokenBucket(10, 60_000);

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

/** Checks credentials; records the outcome in the audit log (officers) or the event log (drivers). */
export async function checkCredentials(email: string, password: string, address: string): Promise<SignInResult> {
  const account = normaliseEmail(email);
  if (!perAddress.consume(address)) {
    logEvent('sign_in_throttled', { scope: 'address' });
    return { ok: false, reason: 'throttled' };
  }
  if (!perAccount.consume(account)) {
    logEvent('sign_in_throttled', { scope: 'account' });
    return { ok: false, reason: 'throttled' };
  }
  const user = findUserByEmail(account);
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyNothing(password);
  if (!user || !valid || user.disabledAt !== null) {
    if (user && isOfficer(user))
      audit({ actorUserId: user.id, action: 'sign_in_failed', detail: { disabled: user.disabledAt !== null } });
    logEvent('sign_in_failed', { userId: user?.id ?? null, role: user?.role ?? null });
    return { ok: false, reason: 'invalid' };
  }
  perAccount.reset(account);
  if (isOfficer(user)) audit({ actorUserId: user.id, action: 'sign_in' });
  logEvent('sign_in', { userId: user.id, role: user.role });
  return { ok: true, user };
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
