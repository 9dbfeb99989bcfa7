/**
 * Creating accounts. A licensed driver's account must match one row of the
 * licensing register (badge number and surname, and date of birth when the
 * register holds one) that has no account yet; an applicant's account has
 * no register row until an officer links it. Badge number and surname are
 * printed on the badge, so without the register's date of birth the account
 * only claims the row and waits for confirmation (`badge-claims.ts`).
 *
 * What a failure reveals is kept to what the holder needs (ASVS 6.3.8):
 * unknown badge, wrong surname and wrong date of birth all get one answer,
 * and only someone who knows the matching details learns that the badge
 * already has an account.
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Executor } from '../../../db/client.ts';
import { drivers, users } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { now, today } from '../clock.ts';
import {
  dateOfBirthField,
  emailField,
  optionalDateOfBirthField,
  formErrors,
  requiredText,
  type FormErrors,
} from '../forms.ts';
import { logEvent } from '../log.ts';
import { notifyRegisterOfClaim } from './badge-claims.ts';
import { confirmPasswordField, hashPassword, newPasswordField, passwordsMatch } from './password.ts';
import { TokenBucket } from './rate-limit.ts';
import { findUserByEmail, normaliseEmail } from './users.ts';

/** 30 registrations at once from one address, then one every 20 seconds. */
const perAddress = new TokenBucket(30, 20_000);

/** The form a licensed driver fills in; date of birth is optional because not every register row holds one. */
export function driverRegistrationSchema() {
  return z
    .object({
      badgeNumber: requiredText('Enter your badge number', 40, 'Badge number must be 40 characters or fewer'),
      surname: requiredText('Enter your surname', 100, 'Surname must be 100 characters or fewer'),
      dateOfBirth: optionalDateOfBirthField(today()),
      email: emailField(),
      password: newPasswordField('Enter a password'),
      confirmPassword: confirmPasswordField(),
    })
    .superRefine(passwordsMatch('password', 'confirmPassword'));
}

/** The form an applicant (no badge number yet) fills in. */
export function applicantRegistrationSchema() {
  return z
    .object({
      forenames: requiredText('Enter your first names', 100, 'First names must be 100 characters or fewer'),
      surname: requiredText('Enter your surname', 100, 'Surname must be 100 characters or fewer'),
      dateOfBirth: dateOfBirthField(today()),
      email: emailField(),
      password: newPasswordField('Enter a password'),
      confirmPassword: confirmPasswordField(),
    })
    .superRefine(passwordsMatch('password', 'confirmPassword'));
}

/** What the form says for each refusal, and which field the message sits by. */
export function registrationErrors(reason: RegistrationFailure, applicant: boolean): FormErrors {
  switch (reason) {
    case 'no_match':
      return formErrors([
        {
          field: 'badgeNumber',
          message:
            'We could not match those details to the licensing register. Check your badge number, surname and date of birth are exactly as they are on your licence',
        },
      ]);
    case 'already_registered':
      return formErrors([
        {
          field: 'badgeNumber',
          message: 'An account already exists for this badge number. Sign in or reset your password',
        },
      ]);
    case 'email_taken':
      return formErrors([
        {
          field: 'email',
          message:
            'This email address is already used by an account. Sign in or reset your password, or use a different email address',
        },
      ]);
    case 'throttled':
      return formErrors([
        {
          field: applicant ? 'forenames' : 'badgeNumber',
          message: 'Too many attempts to create an account. Wait a few minutes, then try again',
        },
      ]);
  }
}

export interface DriverDetails {
  badgeNumber: string;
  surname: string;
  /** `YYYY-MM-DD`, when the driver gave it. */
  dateOfBirth?: string;
  email: string;
  password: string;
}

export interface ApplicantDetails {
  forenames: string;
  surname: string;
  dateOfBirth: string;
  email: string;
  password: string;
}

export type RegistrationFailure = 'no_match' | 'already_registered' | 'email_taken' | 'throttled';
/** How a new driver account stands: linked, or waiting for the register's e-mail link or an officer. */
export type ClaimState = 'linked' | 'waiting_for_email' | 'waiting_for_officer';
export type RegistrationResult =
  | { ok: true; userId: number; claim?: ClaimState }
  | { ok: false; reason: RegistrationFailure };

/** Names compared as people type them: case, accents' encoding and extra spaces do not matter. */
function sameName(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
  return fold(a) === fold(b);
}

/** SQLite reports a broken unique index this way; two people racing for one badge or e-mail end here. */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Creates a driver's account linked to their register row. */
export async function registerDriver(details: DriverDetails, address: string): Promise<RegistrationResult> {
  if (!perAddress.consume(address)) return { ok: false, reason: 'throttled' };
  const db = getDb();
  const row = db
    .select()
    .from(drivers)
    .where(sql`${drivers.badgeNumber} = ${details.badgeNumber.trim()} collate nocase`)
    .get();
  const matches =
    row !== undefined &&
    sameName(row.surname, details.surname) &&
    (row.dateOfBirth === null || row.dateOfBirth === details.dateOfBirth);
  if (!matches) {
    logEvent('registration_refused', { reason: 'no_match' });
    return { ok: false, reason: 'no_match' };
  }
  if (db.select({ id: users.id }).from(users).where(eq(users.driverId, row.id)).get()) {
    logEvent('registration_refused', { reason: 'already_registered' });
    return { ok: false, reason: 'already_registered' };
  }
  if (findUserByEmail(details.email)) {
    logEvent('registration_refused', { reason: 'email_taken' });
    return { ok: false, reason: 'email_taken' };
  }
  const passwordHash = await hashPassword(details.password);
  // Only the register's date of birth is a fact the badge does not show.
  const linked = row.dateOfBirth !== null;
  const result = insertUser(
    {
      email: normaliseEmail(details.email),
      passwordHash,
      driverId: linked ? row.id : null,
      claimedDriverId: linked ? null : row.id,
      isApplicant: false,
      surname: row.surname,
      forenames: row.forenames,
      dateOfBirth: row.dateOfBirth ?? details.dateOfBirth ?? null,
    },
    (tx, userId) => notifyRegisterOfClaim(tx, { driverId: row.id, userId, confirmed: linked }),
  );
  if (!result.ok) return result;
  const claim: ClaimState = linked ? 'linked' : row.email ? 'waiting_for_email' : 'waiting_for_officer';
  return { ...result, claim };
}

/** Creates an applicant's account (no badge number yet). */
export async function registerApplicant(details: ApplicantDetails, address: string): Promise<RegistrationResult> {
  if (!perAddress.consume(address)) return { ok: false, reason: 'throttled' };
  if (findUserByEmail(details.email)) {
    logEvent('registration_refused', { reason: 'email_taken' });
    return { ok: false, reason: 'email_taken' };
  }
  const passwordHash = await hashPassword(details.password);
  return insertUser({
    email: normaliseEmail(details.email),
    passwordHash,
    driverId: null,
    isApplicant: true,
    surname: details.surname.trim(),
    forenames: details.forenames.trim(),
    dateOfBirth: details.dateOfBirth,
  });
}

/**
 * Inserts the account and its audit entry together. The checks above ran
 * before the (slow) hashing, so the unique indexes on e-mail and register
 * row settle any race that slipped between them.
 */
function insertUser(
  values: Omit<typeof users.$inferInsert, 'role' | 'createdAt'>,
  afterInsert?: (tx: Executor, userId: number) => void,
): RegistrationResult {
  const db = getDb();
  try {
    const userId = db.transaction((tx) => {
      const created = tx
        .insert(users)
        .values({ ...values, role: 'driver', createdAt: now().getTime() })
        .returning({ id: users.id })
        .get();
      audit(
        {
          actorUserId: created.id,
          action: 'account_registered',
          driverId: values.driverId ?? values.claimedDriverId ?? null,
          detail: { applicant: values.isApplicant ?? false, waiting: values.claimedDriverId != null },
        },
        tx,
      );
      afterInsert?.(tx, created.id);
      return created.id;
    });
    logEvent('registered', { userId, applicant: values.isApplicant ?? false });
    return { ok: true, userId };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const driverId = values.driverId ?? null;
    const badgeTaken =
      driverId !== null &&
      db.select({ id: users.id }).from(users).where(eq(users.driverId, driverId)).get() !== undefined;
    return { ok: false, reason: badgeTaken ? 'already_registered' : 'email_taken' };
  }
}
