import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { setClock } from '../../src/lib/clock.ts';
import { config } from '../../src/lib/config.ts';
import { newestOutboxMessage } from '../../src/lib/mail.ts';
import { confirmClaimByLink } from '../../src/lib/auth/badge-claims.ts';
import { createSession, validateSessionToken } from '../../src/lib/auth/session.ts';
import { currentCertificateForUser } from '../../src/lib/certificates/issue.ts';
import {
  confirmWaitingClaim,
  disableDriverAccount,
  releaseBadge,
  waitingClaims,
} from '../../src/lib/officer/driver-accounts.ts';
import { questionsForAttempt, startAttempt, submitAttempt } from '../../src/lib/training/assessment.ts';
import type { Question } from '../../src/lib/content/course-schemas.ts';
import { readQuestionBank } from './support/course-files.ts';
import { registerDriverAndConfirm } from './support/registration.ts';
import { insertDriver, insertUser } from '../support/factory.ts';

const PASSWORD = 'harbour violet teapot';
const bank = readQuestionBank();
const allRight = (qs: readonly Pick<Question, 'id' | 'options'>[]) =>
  Object.fromEntries(qs.map((q) => [q.id, q.options.find((o) => o.correct)!.id]));
let db: Db;
let address = 0;

beforeEach(() => {
  db = memoryDb();
  useDb(db);
  setClock(() => new Date('2016-07-01T09:00:00Z'));
  config.mail.outboxDir = mkdtempSync(join(tmpdir(), 'outbox-'));
});

afterEach(() => {
  setClock(null);
  useDb(null);
});

function addDriver(badge: string, extra: { email?: string; dateOfBirth?: string } = {}): number {
  return insertDriver(db.$client, { badgeNumber: badge, surname: 'Jones', forenames: 'Bob', ...extra });
}

function officer(): number {
  return insertUser(db.$client, { email: 'o@example.test', role: 'officer' });
}

/** Registers (and follows the e-mailed link) with what the badge in the cab shows: badge number and surname alone. */
async function claimWithBadgeAlone(badge: string, email = 'squatter@evil.example') {
  const result = await registerDriverAndConfirm(
    { badgeNumber: badge, surname: 'JONES', email, password: PASSWORD },
    `198.51.100.${++address}`,
  );
  if (!result.ok) throw new Error(result.reason);
  return result;
}

/** The newest message to an address, once the (not awaited) send has reached the outbox. */
async function mailTo(address: string) {
  return vi.waitFor(() => {
    const message = newestOutboxMessage(config.mail.outboxDir, address);
    if (!message) throw new Error(`no mail to ${address} yet`);
    return message;
  });
}

function passAssessment(userId: number) {
  const attempt = startAttempt(userId, bank, 10);
  const questions = questionsForAttempt(attempt, bank);
  return submitAttempt({
    userId,
    attemptId: attempt.id,
    questions,
    answers: allRight(questions),
    passMark: 80,
    completedOn: '2016-07-01',
  });
}

function faceToFaceCertificate(driverId: number): void {
  db.$client
    .prepare(
      `insert into certificates (code, kind, driver_id, holder_name, completed_on, issued_at)
       values ('F2F1', 'face_to_face', ?, 'Bob Jones', '2016-03-01', 0)`,
    )
    .run(driverId);
}

describe('claiming a badge', () => {
  it('with badge number and surname alone does not unlock any certificate', async () => {
    const driverId = addDriver('B006');
    faceToFaceCertificate(driverId);
    const { userId, claim } = await claimWithBadgeAlone('B006');
    expect(claim).toBe('waiting_for_officer');
    expect(currentCertificateForUser(userId)).toBeNull();
    expect(passAssessment(userId)).toMatchObject({ outcome: 'submitted', passed: true, certificateId: null });
    expect(currentCertificateForUser(userId)).toBeNull();
    expect(db.$client.prepare('select driver_id, claimed_driver_id from users where id = ?').get(userId)).toEqual({
      driver_id: null,
      claimed_driver_id: driverId,
    });
    // The real driver can still claim their own badge: a waiting claim does not block it.
    expect((await claimWithBadgeAlone('B006', 'bob@example.test')).ok).toBe(true);
    expect(waitingClaims(driverId)).toHaveLength(2);
  });

  it('links at once with the register date of birth, and tells the register address', async () => {
    addDriver('B007', { dateOfBirth: '1970-01-02', email: 'bob@register.example' });
    const result = await registerDriverAndConfirm(
      {
        badgeNumber: 'B007',
        surname: 'Jones',
        dateOfBirth: '1970-01-02',
        email: 'bob@example.test',
        password: PASSWORD,
      },
      '198.51.100.250',
    );
    expect(result).toMatchObject({ ok: true, claim: 'linked' });
    const told = await mailTo('bob@register.example');
    expect(told.text).toContain('B007');
    expect(told.text).not.toContain('/register/claim/');
  });

  it('links when the one-time link sent to the register address is opened, and the earlier pass then counts', async () => {
    const driverId = addDriver('B008', { email: 'bob@register.example' });
    const { userId, claim } = await claimWithBadgeAlone('B008', 'bob@example.test');
    expect(claim).toBe('waiting_for_email');
    passAssessment(userId);
    const mail = await mailTo('bob@register.example');
    const token = mail.text.match(/\/register\/claim\/([a-z2-7]+)/)![1]!;
    expect(confirmClaimByLink(token)).toEqual({ ok: true, driverId });
    expect(currentCertificateForUser(userId)).toMatchObject({ kind: 'online', driverId, badgeNumber: 'B008' });
    expect(confirmClaimByLink(token)).toEqual({ ok: false, reason: 'link_unusable' });
  });

  it('lets an officer confirm a waiting claim, release a wrong one and disable an account, all audited', async () => {
    const driverId = addDriver('B009');
    const officerId = officer();
    const squatter = await claimWithBadgeAlone('B009');
    const real = await claimWithBadgeAlone('B009', 'bob@example.test');
    expect(confirmWaitingClaim({ driverId, userId: squatter.userId, officerId })).toEqual({ ok: true });
    const { token } = createSession(squatter.userId);
    expect(waitingClaims(driverId)).toEqual([]);

    expect(releaseBadge({ driverId, userId: squatter.userId, officerId })).toEqual({ ok: true });
    expect(validateSessionToken(token)).toBeNull();
    expect(db.$client.prepare('select driver_id from users where id = ?').pluck().get(squatter.userId)).toBeNull();

    expect(disableDriverAccount({ driverId, userId: real.userId, officerId })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    const again = await claimWithBadgeAlone('B009', 'bob2@example.test');
    expect(confirmWaitingClaim({ driverId, userId: again.userId, officerId })).toEqual({ ok: true });
    expect(disableDriverAccount({ driverId, userId: again.userId, officerId })).toEqual({ ok: true });
    const actions = db.$client
      .prepare(`select action from audit_log where actor_user_id = ? order by id`)
      .pluck()
      .all(officerId);
    expect(actions).toEqual([
      'badge_claim_confirmed',
      'badge_released',
      'badge_claim_confirmed',
      'driver_account_disabled',
    ]);
  });
});
