/**
 * Password policy and hashing (NIST SP 800-63B rev. 4, OWASP ASVS 5.0 6.2 and
 * 11.4): at least 15 characters because accounts have no second factor, up
 * to 128, no composition rules, nothing truncated, common passwords refused;
 * stored as Argon2id (m=19456 KiB, t=2, p=1), hashed off the event loop.
 */
import { availableParallelism } from 'node:os';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import commonPasswords from 'fxa-common-password-list';
import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 128;

/** Argon2id's number in @node-rs/argon2 (its `Algorithm` is a const enum, which isolated modules cannot read). */
const ARGON2ID: Algorithm = 2;
/** OWASP's minimum Argon2id settings. */
export const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * How many hashes may run at once. Argon2 runs on libuv's thread pool (4 threads), not on the event
 * loop, but on a 2-core server four hashing threads take the cores from the loop and every page slows
 * down with the sign-ins. Leaving one core to the loop keeps pages quick while sign-ins queue.
 */
const HASHING_SLOTS = Math.max(1, availableParallelism() - 1);
let hashing = 0;
const waiting: Array<() => void> = [];

async function withHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  // A finishing hash hands its slot straight to the next in line, so the count never overshoots.
  if (hashing >= HASHING_SLOTS) await new Promise<void>((ok) => waiting.push(ok));
  else hashing += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else hashing -= 1;
  }
}

/** The hint shown under every new-password field. */
export const PASSWORD_HINT =
  `Use at least ${PASSWORD_MIN_LENGTH} characters. Three random words you can remember, with spaces if you like, ` +
  'make a strong password. Do not use a password you use anywhere else.';

/**
 * NIST asks for Unicode normalisation so that the same password typed on
 * two keyboards gives the same bytes.
 */
function normalise(password: string): string {
  return password.normalize('NFKC');
}

/** Characters as a person counts them (code points), not UTF-16 units. */
function characterCount(password: string): number {
  return [...normalise(password)].length;
}

/**
 * Why a new password is not acceptable, as a message for the form, or null
 * when it is. Common means: on Mozilla's list of the 50,000 most used
 * passwords, or a short pattern repeated ("abcabcabcabcabc").
 */
export function passwordProblem(password: string): string | null {
  const count = characterCount(password);
  if (count < PASSWORD_MIN_LENGTH) return `Password must be ${PASSWORD_MIN_LENGTH} characters or more`;
  if (count > PASSWORD_MAX_LENGTH) return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
  const lower = normalise(password).toLowerCase();
  if (commonPasswords.test(lower) || commonPasswords.test(lower.replace(/\s+/g, '')) || /^(.{1,5})\1+$/su.test(lower)) {
    return 'This password is too common and easy to guess. Try three random words';
  }
  return null;
}

/** A zod field for a new password that applies the policy, with `missing` as the message when it is empty. */
export function newPasswordField(missing = 'Enter a password') {
  return z.string({ required_error: missing, invalid_type_error: missing }).superRefine((value, ctx) => {
    const problem = value === '' ? missing : passwordProblem(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
}

/** The "type it again" field that goes with a new password. */
export function confirmPasswordField(missing = 'Enter your password again') {
  return z.string({ required_error: missing, invalid_type_error: missing }).min(1, missing);
}

/** A zod `superRefine` check that the confirmation field repeats the new password exactly. */
export function passwordsMatch(field: string, confirm: string) {
  return (data: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (data[field] !== data[confirm]) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [confirm],
        message: 'The passwords do not match. Enter the same password in both boxes',
      });
    }
  };
}

/** Hashes a password with Argon2id; the result is a PHC string holding algorithm, settings and salt. */
export function hashPassword(password: string): Promise<string> {
  return withHashingSlot(() => hash(normalise(password), ARGON2_OPTIONS));
}

/** Checks a password against a stored hash; false for a malformed hash rather than an error. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await withHashingSlot(() => verify(passwordHash, normalise(password)));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as checking a real password, for sign-ins to
 * accounts that do not exist, so timing does not reveal which e-mail
 * addresses have accounts.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('not a real password, only used to spend time');
  await verifyPassword(await dummyHash, password);
  return false;
}
