/**
 * Officer accounts: the first admin (through a one-time setup link printed at
 * first start), invitations (a one-time link to set a password, from the
 * command line or an admin's screen) and disabling, which ends the officer's
 * sessions at once. Every change is audited.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { oneTimeTokens, users, type Role } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { hashPassword, newPasswordField } from '../auth/password.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { emailField } from '../forms.ts';
import { findUsableToken, hashToken } from '../auth/one-time-tokens.ts';

const HOUR = 3_600_000;
/** How long a first-admin setup link works; a new one is printed at each start until it is used. */
export const FIRST_ADMIN_TTL = 24 * HOUR;
/** How long an officer invitation works. */
export const INVITE_TTL = 7 * 24 * HOUR;

type TokenPurpose = 'officer_invite' | 'first_admin';

const OFFICER_ROLES = ['officer', 'admin'] as const;

function issueToken(db: Executor, purpose: TokenPurpose, userId: number | null, ttl: number): string {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
  const at = now().getTime();
  db.insert(oneTimeTokens)
    .values({ tokenHash: hashToken(token), userId, purpose, expiresAt: at + ttl, createdAt: at })
    .run();
  return token;
}

/**
 * The unused, unexpired token row for a link, or null. A first-admin link dies as soon as any officer exists,
 * however that officer was made (`npm run officer:create`, an invitation), not 24 hours later (review F-14).
 */
function usableToken(db: Executor, token: string, purpose: TokenPurpose) {
  if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
  if (purpose === 'first_admin' && !needsFirstAdmin(db)) return null;
  return findUsableToken(db, token, purpose) ?? null;
}

/** Whether a one-time link is still usable (for showing the form or a "link expired" page). */
export function isUsableLink(token: string, purpose: TokenPurpose, db: Executor = getDb()): boolean {
  return usableToken(db, token, purpose) !== null;
}

/** Whether the database has no officer or admin yet (so the first admin must be set up). */
export function needsFirstAdmin(db: Executor = getDb()): boolean {
  return (
    db
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.role, [...OFFICER_ROLES]))
      .limit(1)
      .get() === undefined
  );
}

/** Issues a first-admin setup token, replacing any earlier unused one, and returns it. */
export function issueFirstAdminToken(db: Db = getDb()): string {
  return db.transaction((tx) => {
    tx.update(oneTimeTokens)
      .set({ usedAt: now().getTime() })
      .where(and(eq(oneTimeTokens.purpose, 'first_admin'), isNull(oneTimeTokens.usedAt)))
      .run();
    return issueToken(tx, 'first_admin', null, FIRST_ADMIN_TTL);
  });
}

/** The first-admin setup link to print at start, or null when an officer already exists. */
export function firstAdminSetupLink(db: Db = getDb()): string | null {
  if (!needsFirstAdmin(db)) return null;
  return `${config.baseUrl}/officer/setup/${issueFirstAdminToken(db)}`;
}

/** Officer passwords follow the same policy as drivers' (length, common passwords). */
export const officerPassword = newPasswordField();

/** An officer's e-mail address, trimmed and lower-cased. */
export const officerEmail = emailField('Enter an email address');

/** The first-admin form. */
export const firstAdminForm = z.object({ email: officerEmail, password: officerPassword });

export type SetupResult = { ok: true; userId: number } | { ok: false; reason: 'link_unusable' | 'email_taken' };

/** Creates the first admin from a setup link; the link then stops working. */
export async function completeFirstAdminSetup(
  token: string,
  email: string,
  password: string,
  db: Db = getDb(),
): Promise<SetupResult> {
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    const row = usableToken(tx, token, 'first_admin');
    if (!row) return { ok: false, reason: 'link_unusable' } as const;
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get())
      return { ok: false, reason: 'email_taken' } as const;
    const at = now().getTime();
    const user = tx
      .insert(users)
      .values({ email, passwordHash, role: 'admin', createdAt: at })
      .returning({ id: users.id })
      .get();
    tx.update(oneTimeTokens)
      .set({ usedAt: at, userId: user.id })
      .where(eq(oneTimeTokens.tokenHash, row.tokenHash))
      .run();
    audit({ actorUserId: user.id, action: 'first_admin_created', detail: { userId: user.id } }, tx);
    return { ok: true, userId: user.id } as const;
  });
}

/** The invite form on the officers page. */
export const inviteForm = z.object({
  email: officerEmail,
  role: z.enum(OFFICER_ROLES, { errorMap: () => ({ message: 'Choose officer or admin' }) }),
});

export type InviteResult = { ok: true; userId: number; link: string } | { ok: false; reason: 'email_taken' };

/**
 * Creates an officer account with no password and returns the one-time link
 * that sets it. `invitedBy` is null when the command line does it.
 */
export function inviteOfficer(
  input: { email: string; role: (typeof OFFICER_ROLES)[number]; invitedBy: number | null },
  db: Db = getDb(),
): InviteResult {
  return db.transaction((tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get())
      return { ok: false, reason: 'email_taken' } as const;
    const user = tx
      .insert(users)
      .values({ email: input.email, role: input.role, createdAt: now().getTime() })
      .returning({ id: users.id })
      .get();
    const token = issueToken(tx, 'officer_invite', user.id, INVITE_TTL);
    audit(
      { actorUserId: input.invitedBy, action: 'officer_invited', detail: { userId: user.id, role: input.role } },
      tx,
    );
    return { ok: true, userId: user.id, link: `${config.baseUrl}/officer/accept/${token}` } as const;
  });
}

/** The accept-invitation form. */
export const acceptForm = z.object({ password: officerPassword });

/** Sets the invited officer's password from the link; returns who they are, or null if the link is unusable. */
export async function acceptInvite(
  token: string,
  password: string,
  db: Db = getDb(),
): Promise<{ id: number; role: Role } | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    const row = usableToken(tx, token, 'officer_invite');
    if (!row || row.userId === null) return null;
    const user = tx.select().from(users).where(eq(users.id, row.userId)).get();
    if (!user || user.disabledAt !== null) return null;
    const at = now().getTime();
    tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
    tx.update(oneTimeTokens).set({ usedAt: at }).where(eq(oneTimeTokens.tokenHash, row.tokenHash)).run();
    audit({ actorUserId: user.id, action: 'officer_invite_accepted', detail: { userId: user.id } }, tx);
    return { id: user.id, role: user.role };
  });
}

export interface OfficerSummary {
  id: number;
  email: string;
  role: string;
  hasPassword: boolean;
  /** Whether the officer has set up their second factor (TOTP). */
  hasSecondFactor: boolean;
  disabledAt: number | null;
  createdAt: number;
}

/** Every officer and admin account, by email. */
export function listOfficers(db: Executor = getDb()): OfficerSummary[] {
  return db
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      passwordHash: users.passwordHash,
      totpConfirmedAt: users.totpConfirmedAt,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(inArray(users.role, [...OFFICER_ROLES]))
    .orderBy(asc(users.email))
    .all()
    .map(({ passwordHash, totpConfirmedAt, ...rest }) => ({
      ...rest,
      hasPassword: passwordHash !== null,
      hasSecondFactor: totpConfirmedAt !== null,
    }));
}

/** The disable form. */
export const disableForm = z.object({ userId: z.coerce.number().int().positive() });

export type DisableResult = { ok: true } | { ok: false; reason: 'not_found' | 'self' | 'already_disabled' };

/** Disables an officer account and ends all its sessions at once. */
export function disableOfficer(input: { userId: number; by: number }, db: Db = getDb()): DisableResult {
  if (input.userId === input.by) return { ok: false, reason: 'self' };
  const result = db.transaction((tx) => {
    const user = tx
      .select()
      .from(users)
      .where(and(eq(users.id, input.userId), inArray(users.role, [...OFFICER_ROLES])))
      .get();
    if (!user) return { ok: false, reason: 'not_found' } as const;
    if (user.disabledAt !== null) return { ok: false, reason: 'already_disabled' } as const;
    tx.update(users).set({ disabledAt: now().getTime() }).where(eq(users.id, user.id)).run();
    audit({ actorUserId: input.by, action: 'officer_disabled', detail: { userId: user.id } }, tx);
    return { ok: true } as const;
  });
  if (result.ok) invalidateUserSessions(input.userId);
  return result;
}
