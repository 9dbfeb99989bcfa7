import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, memoryDb, openDatabase } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { auditLog } from '../../db/schema.ts';
import { createSession, validateSessionToken } from '../../src/lib/auth/session.ts';
import {
  acceptInvite,
  completeFirstAdminSetup,
  disableOfficer,
  firstAdminSetupLink,
  inviteOfficer,
  issueFirstAdminToken,
  isUsableLink,
  listOfficers,
  needsFirstAdmin,
} from '../../src/lib/officer/officers.ts';
import { applicantsWaiting } from '../../src/lib/officer/dashboard.ts';
import { linkApplicant } from '../../src/lib/officer/applicants.ts';
import { addAccount, addDriver } from './officer-fixtures.ts';
import { auditActions } from './support/audit.ts';

const PASSWORD = 'correct horse battery staple';

afterEach(() => useDb(null));

function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf('/') + 1);
}

describe('first admin', () => {
  it('prints a setup link only while no officer exists, and the link works once', async () => {
    const db = memoryDb();
    const link = firstAdminSetupLink(db);
    expect(link).toMatch(/\/officer\/setup\/[a-z2-7]{32}$/);
    const token = tokenOf(link!);
    const result = await completeFirstAdminSetup(token, 'chief@example.test', PASSWORD, db);
    expect(result.ok).toBe(true);
    expect(needsFirstAdmin(db)).toBe(false);
    expect(firstAdminSetupLink(db)).toBeNull();
    expect(await completeFirstAdminSetup(token, 'other@example.test', PASSWORD, db)).toEqual({
      ok: false,
      reason: 'link_unusable',
    });
    const [admin] = listOfficers(db);
    expect(admin).toMatchObject({ email: 'chief@example.test', role: 'admin', hasPassword: true });
    const hash = db.$client.prepare('select password_hash from users where id = ?').pluck().get(admin!.id) as string;
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(auditActions(db)).toEqual(['first_admin_created']);
  });

  it('replaces an earlier unused setup link when a new one is issued', () => {
    const db = memoryDb();
    const first = issueFirstAdminToken(db);
    const second = issueFirstAdminToken(db);
    expect(isUsableLink(first, 'first_admin', db)).toBe(false);
    expect(isUsableLink(second, 'first_admin', db)).toBe(true);
  });

  it('dies as soon as any officer exists, e.g. one made by npm run officer:create', async () => {
    const db = memoryDb();
    const token = tokenOf(firstAdminSetupLink(db)!);
    expect(isUsableLink(token, 'first_admin', db)).toBe(true);
    inviteOfficer({ email: 'cli@example.test', role: 'officer', invitedBy: null }, db);
    expect(isUsableLink(token, 'first_admin', db)).toBe(false);
    expect(await completeFirstAdminSetup(token, 'late@example.test', PASSWORD, db)).toEqual({
      ok: false,
      reason: 'link_unusable',
    });
    expect(listOfficers(db).map((o) => o.email)).toEqual(['cli@example.test']);
  });

  it('dies when npm run officer:create adds an officer to the live database', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'portal-first-admin-')), 'portal.db');
    const db = openDatabase(path);
    applyMigrations(db);
    const token = tokenOf(firstAdminSetupLink(db)!);
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/officer-create.ts', '--email', 'cli@example.test'],
      { env: { ...process.env, DATABASE_PATH: path }, encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(isUsableLink(token, 'first_admin', db)).toBe(false);
    db.$client.close();
  }, 30_000);
});

describe('officer invitations', () => {
  it('creates an officer with no password whose link sets one, once', async () => {
    const db = memoryDb();
    const invite = inviteOfficer({ email: 'officer@example.test', role: 'officer', invitedBy: null }, db);
    if (!invite.ok) throw new Error('invite failed');
    expect(invite.link).toMatch(/\/officer\/accept\/[a-z2-7]{32}$/);
    expect(listOfficers(db)[0]).toMatchObject({ hasPassword: false });
    expect(inviteOfficer({ email: 'officer@example.test', role: 'officer', invitedBy: null }, db)).toEqual({
      ok: false,
      reason: 'email_taken',
    });
    const token = tokenOf(invite.link);
    expect(isUsableLink(token, 'first_admin', db)).toBe(false);
    expect(await acceptInvite(token, PASSWORD, db)).toEqual({ id: invite.userId, role: 'officer' });
    expect(await acceptInvite(token, PASSWORD, db)).toBeNull();
    expect(listOfficers(db)[0]).toMatchObject({ hasPassword: true });
  });

  it('disabling an officer ends their sessions at once and is audited', () => {
    const db = memoryDb();
    useDb(db);
    const admin = inviteOfficer({ email: 'admin@example.test', role: 'admin', invitedBy: null }, db);
    const officer = inviteOfficer({ email: 'officer@example.test', role: 'officer', invitedBy: null }, db);
    if (!admin.ok || !officer.ok) throw new Error('invite failed');
    const { token } = createSession(officer.userId);
    expect(validateSessionToken(token)).not.toBeNull();
    expect(disableOfficer({ userId: admin.userId, by: admin.userId }, db)).toEqual({ ok: false, reason: 'self' });
    expect(disableOfficer({ userId: officer.userId, by: admin.userId }, db)).toEqual({ ok: true });
    expect(db.$client.prepare('select count(*) from sessions where user_id = ?').pluck().get(officer.userId)).toBe(0);
    expect(validateSessionToken(token)).toBeNull();
    expect(db.select().from(auditLog).all().at(-1)).toMatchObject({
      action: 'officer_disabled',
      actorUserId: admin.userId,
    });
  });
});

describe('applicants', () => {
  it('links a waiting applicant to a register row that has no account, by badge number', () => {
    const db = memoryDb();
    const free = addDriver(db, { badge: 'NEW1' });
    const taken = addDriver(db, { badge: 'OLD1' });
    addAccount(db, taken);
    const applicant = addAccount(db, null, { applicant: true });
    expect(applicantsWaiting(db)).toBe(1);
    expect(linkApplicant({ userId: applicant, badgeNumber: 'NOPE', officerUserId: 1 }, db)).toEqual({
      ok: false,
      reason: 'no_register_row',
    });
    expect(linkApplicant({ userId: applicant, badgeNumber: 'OLD1', officerUserId: 1 }, db)).toEqual({
      ok: false,
      reason: 'row_has_account',
    });
    expect(linkApplicant({ userId: applicant, badgeNumber: 'NEW1', officerUserId: 1 }, db)).toEqual({
      ok: true,
      driverId: free,
    });
    expect(applicantsWaiting(db)).toBe(0);
    expect(db.$client.prepare('select driver_id, is_applicant from users where id = ?').get(applicant)).toEqual({
      driver_id: free,
      is_applicant: 0,
    });
    expect(db.select().from(auditLog).all().at(-1)).toMatchObject({ action: 'applicant_linked', driverId: free });
  });
});
