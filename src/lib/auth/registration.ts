/**
 * Creating accounts. A licensed driver's account must match one row of the
 * licensing register (badge number and surname, and date of birth when the
 * register holds one) that has no account yet; an applicant's account has
 * no register row until an officer links it. Badge number and surname are
 * printed on the badge, so without the register's date of birth the account
 * only claims the row and waits for confirmation (`badge-claims.ts`).
 *
 * Every account, a driver's or an applicant's, is created only once its
 * holder opens the link e-mailed to the address they gave (a pending
 * registration), so the form never tells anyone whether an address has an
 * account (review F-7): an address that has one gets an e-mail saying so.
 *
 * What a failure reveals is kept to what the holder needs (ASVS 6.3.8):
 * unknown badge, wrong surname and wrong date of birth all get one answer,
 * and only someone who knows the matching details learns that the badge
 * already has an account.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { eq, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { drivers, pendingRegistrations, users } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { now, today } from '../clock.ts';
import { config } from '../config.ts';
import {
  dateOfBirthField,
  emailField,
  optionalDateOfBirthField,
  formErrors,
  nameField,
  requiredText,
  type FormErrors,
} from '../forms.ts';
import { logEvent } from '../log.ts';
import { sendMail } from '../mail.ts';
import { withoutBidiControls } from '../names.ts';
import { notifyRegisterOfClaim } from './badge-claims.ts';
import { confirmPasswordField, hashPassword, newPasswordField, passwordsMatch } from './password.ts';
import { TokenBucket } from './rate-limit.ts';
import { findUserByEmail, normaliseEmail } from './users.ts';
import { hashToken } from './one-time-tokens.ts';

/** 30 registrations at once from one address, then one every 20 seconds. */
const perAddress = new TokenBucket('registration_address', 30, 20_000);
/** 3 applicant e-mails at once to one address, then one every 10 minutes, so nobody can flood an inbox. */
const perEmail = new TokenBucket('registration_email', 3, 10 * 60_000);

/** Who is registering, followed by the surname and the account fields both registration forms end with. */
function registrationSchema<Who extends z.ZodRawShape, Born extends z.ZodTypeAny>(who: Who, dateOfBirth: Born) {
  return z
    .object({
      ...who,
      surname: nameField('Enter your surname', 100, 'Surname must be 100 characters or fewer'),
      dateOfBirth,
      email: emailField(),
      password: newPasswordField('Enter a password'),
      confirmPassword: confirmPasswordField(),
    })
    .superRefine(passwordsMatch('password', 'confirmPassword'));
}

/** The form a licensed driver fills in; date of birth is optional because not every register row holds one. */
export function driverRegistrationSchema() {
  return registrationSchema(
    { badgeNumber: requiredText('Enter your badge number', 40, 'Badge number must be 40 characters or fewer') },
    optionalDateOfBirthField(today()),
  );
}

/** The form an applicant (no badge number yet) fills in. */
export function applicantRegistrationSchema() {
  return registrationSchema(
    { forenames: nameField('Enter your first names', 100, 'First names must be 100 characters or fewer') },
    dateOfBirthField(today()),
  );
}

/** What the form says for each refusal, and which field the message sits by. */
export function registrationErrors(reason: FormRefusal, applicant: boolean): FormErrors {
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

/** Why the registration form refuses; an address that already has an account is never one of them. */
export type FormRefusal = 'no_match' | 'already_registered' | 'throttled';
/** Why a confirmation link creates no account. */
export type ConfirmFailure = 'no_match' | 'already_registered' | 'email_taken';
/** How a new driver account stands: linked, or waiting for the register's e-mail link or an officer. */
export type ClaimState = 'linked' | 'waiting_for_email' | 'waiting_for_officer';
/** The form's answer: on success, only that an e-mail is on its way, the same whether or not the address has an account. */
export type RegistrationStarted = { ok: true } | { ok: false; reason: FormRefusal };
export type RegistrationResult =
  { ok: true; userId: number; claim?: ClaimState } | { ok: false; reason: ConfirmFailure };

/** Names compared as people type them: case, accents' encoding and extra spaces do not matter. */
function sameName(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
  return fold(a) === fold(b);
}

/** SQLite reports a broken unique index this way; two people racing for one badge or e-mail end here. */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

type DriverRow = typeof drivers.$inferSelect;

/**
 * Whether typed details match a register row: the surname, and the date of birth when the register holds
 * one. Checked when the form is sent and again when the link is used, in case the register changed meanwhile.
 */
function matchesRegister(row: DriverRow, surname: string, dateOfBirth: string | null | undefined): boolean {
  return sameName(row.surname, surname) && (row.dateOfBirth === null || row.dateOfBirth === dateOfBirth);
}

function badgeHasAccount(db: Executor, driverId: number): boolean {
  return db.select({ id: users.id }).from(users).where(eq(users.driverId, driverId)).get() !== undefined;
}

/**
 * Starts a licensed driver's registration: the details must match a register row with no account yet. The
 * account is created, and the badge claimed, only when the link e-mailed to the address given is used
 * (`confirmRegistration`); an address that already has an account gets an e-mail saying so instead, and the
 * answer here is the same.
 */
export async function registerDriver(details: DriverDetails, address: string): Promise<RegistrationStarted> {
  if (!perAddress.consume(address)) return { ok: false, reason: 'throttled' };
  const db = getDb();
  const row = db
    .select()
    .from(drivers)
    .where(sql`${drivers.badgeNumber} = ${details.badgeNumber.trim()} collate nocase`)
    .get();
  if (!row || !matchesRegister(row, details.surname, details.dateOfBirth)) {
    logEvent('registration_refused', { reason: 'no_match' });
    return { ok: false, reason: 'no_match' };
  }
  if (badgeHasAccount(db, row.id)) {
    logEvent('registration_refused', { reason: 'already_registered' });
    return { ok: false, reason: 'already_registered' };
  }
  await startRegistration(details, {
    driverId: row.id,
    forenames: null,
    // As typed, because it is matched again; the account takes the register's spelling.
    surname: details.surname,
    dateOfBirth: details.dateOfBirth ?? null,
  });
  return { ok: true };
}

/** How long the link that confirms an e-mail address and creates the account works. */
export const CONFIRM_LINK_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * Starts an applicant's registration (no badge number yet); the account is created when the e-mailed link is
 * used, as a driver's is.
 */
export async function registerApplicant(details: ApplicantDetails, address: string): Promise<RegistrationStarted> {
  if (!perAddress.consume(address)) return { ok: false, reason: 'throttled' };
  await startRegistration(details, {
    driverId: null,
    forenames: withoutBidiControls(details.forenames),
    surname: withoutBidiControls(details.surname),
    dateOfBirth: details.dateOfBirth,
  });
  return { ok: true };
}

type PendingDetails = Pick<
  typeof pendingRegistrations.$inferInsert,
  'driverId' | 'forenames' | 'surname' | 'dateOfBirth'
>;

/**
 * The part of registering that must look the same whether or not the address already has an account (review
 * F-7): a new address gets a link that creates the account, an address with an account gets an e-mail saying
 * so, with how to sign in or reset the password. The same hashing work is done either way, and the mail is not
 * awaited, so timing tells nothing either.
 */
async function startRegistration(given: { email: string; password: string }, pending: PendingDetails): Promise<void> {
  const email = normaliseEmail(given.email);
  const passwordHash = await hashPassword(given.password);
  const existing = findUserByEmail(email);
  // Someone may type another person's address again and again; its inbox gets a few messages, then silence.
  if (!perEmail.consume(email)) {
    logEvent('registration_mail_throttled', { userId: existing?.id ?? null });
    return;
  }
  if (existing) {
    logEvent('registration_existing_email', { userId: existing.id });
    send(email, `You already have a ${config.siteName} account`, [
      'Someone, probably you, tried to create an account with this email address, but it already has one.',
      '',
      `To sign in: ${config.baseUrl}/login`,
      `If you have forgotten your password, reset it: ${config.baseUrl}/password-reset`,
      '',
      'If this was not you, you can ignore this email: nothing has changed.',
    ]);
    return;
  }
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(32)));
  const at = now().getTime();
  getDb().transaction((tx) => {
    tx.delete(pendingRegistrations)
      .where(or(lt(pendingRegistrations.expiresAt, at), eq(pendingRegistrations.email, email)))
      .run();
    tx.insert(pendingRegistrations)
      .values({
        ...pending,
        tokenHash: hashToken(token),
        email,
        passwordHash,
        createdAt: at,
        expiresAt: at + CONFIRM_LINK_LIFETIME_MS,
      })
      .run();
  });
  logEvent('registration_pending', { driver: pending.driverId !== null });
  send(email, `Confirm your ${config.siteName} account`, [
    'To finish creating your taxi driver training account, open this link within 24 hours:',
    `${config.baseUrl}/register/confirm/${token}`,
    '',
    'If you did not ask for an account, you can ignore this email: no account is created without the link.',
  ]);
}

function send(to: string, subject: string, lines: string[]): void {
  sendMail({ to, subject, text: [...lines, '', config.authorityName].join('\n') }).catch((error: unknown) =>
    logEvent('mail_failed', { purpose: 'registration', error: error instanceof Error ? error.name : 'unknown' }),
  );
}

/** Whose registration a confirmation link would finish, if it is unused and unexpired; null otherwise. */
export function pendingRegistrationKind(token: string): 'driver' | 'applicant' | null {
  if (!/^[a-z2-7]{40,80}$/.test(token)) return null;
  const row = getDb()
    .select({ expiresAt: pendingRegistrations.expiresAt, driverId: pendingRegistrations.driverId })
    .from(pendingRegistrations)
    .where(eq(pendingRegistrations.tokenHash, hashToken(token)))
    .get();
  if (row === undefined || row.expiresAt <= now().getTime()) return null;
  return row.driverId === null ? 'applicant' : 'driver';
}

/**
 * Creates the account from a confirmation link; the link then stops working. A driver's details are matched
 * against the register row again and the badge claim applied now (`badge-claims.ts`: linked with the register's
 * date of birth, else waiting for the register's e-mail link or an officer). Fails when the link is unknown, used
 * or expired, when the register row no longer matches, or when the badge or the address got an account meanwhile.
 */
export function confirmRegistration(token: string): RegistrationResult {
  if (pendingRegistrationKind(token) === null) return { ok: false, reason: 'no_match' };
  const db = getDb();
  const pending = db
    .delete(pendingRegistrations)
    .where(eq(pendingRegistrations.tokenHash, hashToken(token)))
    .returning()
    .get();
  if (!pending) return { ok: false, reason: 'no_match' };
  const account = { email: pending.email, passwordHash: pending.passwordHash };
  if (pending.driverId === null) {
    return insertUser({
      ...account,
      driverId: null,
      isApplicant: true,
      surname: pending.surname,
      forenames: pending.forenames,
      dateOfBirth: pending.dateOfBirth,
    });
  }
  const row = db.select().from(drivers).where(eq(drivers.id, pending.driverId)).get();
  if (!row || !matchesRegister(row, pending.surname, pending.dateOfBirth)) return { ok: false, reason: 'no_match' };
  if (badgeHasAccount(db, row.id)) return { ok: false, reason: 'already_registered' };
  // Only the register's date of birth is a fact the badge does not show.
  const linked = row.dateOfBirth !== null;
  const result = insertUser(
    {
      ...account,
      driverId: linked ? row.id : null,
      claimedDriverId: linked ? null : row.id,
      isApplicant: false,
      surname: row.surname,
      forenames: row.forenames,
      dateOfBirth: row.dateOfBirth ?? pending.dateOfBirth,
    },
    (tx, userId) => notifyRegisterOfClaim(tx, { driverId: row.id, userId, confirmed: linked }),
  );
  if (!result.ok) return result;
  const claim: ClaimState = linked ? 'linked' : row.email ? 'waiting_for_email' : 'waiting_for_officer';
  return { ...result, claim };
}

/**
 * Inserts the account and its audit entry together. The checks above ran
 * before it, outside this transaction, so the unique indexes on e-mail and
 * register row settle any race that slipped between them.
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
    const badgeTaken = driverId !== null && badgeHasAccount(db, driverId);
    return { ok: false, reason: badgeTaken ? 'already_registered' : 'email_taken' };
  }
}
