import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { setClock } from '../../src/lib/clock.ts';
import { config } from '../../src/lib/config.ts';
import { statusParams } from '../../src/lib/officer/status-sql.ts';
import { driverRecord } from '../../src/lib/officer/driver-record.ts';
import { createCampaign, previewReminders } from '../../src/lib/reminders/audience.ts';
import { reminderTemplate } from '../../src/lib/reminders/texts.ts';
import { REMINDER_REASONS } from '../../db/schema.ts';
import { campaignProblems, campaignProgress, driverReminders } from '../../src/lib/reminders/progress.ts';
import { lettersPath } from '../../src/lib/reminders/letters.ts';
import { makeDueLetters, runAutomaticReminders, sendDue } from '../../src/lib/reminders/worker.ts';
import { addAccount, addFaceToFace, addProgress } from './officer-fixtures.ts';
import { auditActions } from './support/audit.ts';
import { insertDriver } from '../support/factory.ts';

const TODAY = '2016-07-01';
const params = statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, TODAY);
const saved = structuredClone(config);

let n = 0;
function driver(db: Db, contact: { email?: string; mobile?: string; address?: boolean } = {}): number {
  n += 1;
  return insertDriver(db.$client, {
    badgeNumber: `RM${n}`,
    surname: `Driver${n}`,
    forenames: 'Sam',
    licenceType: 'dual',
    email: contact.email,
    mobile: contact.mobile,
    ...(contact.address && { addressLine1: `${n} Front Street`, town: 'Durham', postcode: 'DH1 5UQ' }),
  });
}

function outboxFiles(): string[] {
  return readdirSync(config.mail.outboxDir).filter((f) => f.endsWith('.json'));
}

function pdfPages(path: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]);
}

describe('reminders', () => {
  let db: Db;
  beforeEach(() => {
    db = memoryDb();
    useDb(db);
    setClock(() => new Date(`${TODAY}T12:00:00Z`));
    const dir = mkdtempSync(join(tmpdir(), 'reminders-'));
    config.mail = { ...config.mail, smtpUrl: null, outboxDir: join(dir, 'outbox') };
    config.reminders = { ...config.reminders, lettersDir: join(dir, 'letters') };
    config.deadline = '2016-09-01';
    config.refresherMonths = 36;
  });
  afterEach(() => {
    Object.assign(config, structuredClone(saved));
    useDb(null);
    setClock(null);
  });

  it('previews a group by channel and counts those who cannot be reached', () => {
    driver(db, { email: 'a@example.org', address: true });
    driver(db, { mobile: '07700900123', address: true });
    driver(db, { address: true });
    driver(db, { mobile: '07700900124' });
    const trained = driver(db, { email: 'b@example.org' });
    addFaceToFace(db, trained, '2016-05-01');
    expect(previewReminders({ reason: 'not_started', withinDays: null }, params, db)).toEqual({
      total: 4,
      alreadyReminded: 0,
      email: 1,
      sms: 0,
      letter: 2,
      unreachable: 1,
    });
    config.reminders = { ...config.reminders, notify: { ...config.reminders.notify, apiKey: 'k', smsTemplateId: 't' } };
    expect(previewReminders({ reason: 'not_started', withinDays: null }, params, db)).toMatchObject({
      sms: 2,
      letter: 1,
      unreachable: 0,
    });
  });

  it('sends one e-mail per driver, never twice for the same reason, and skips a driver who completed meanwhile', async () => {
    const ids = [1, 2, 3].map((i) => driver(db, { email: `d${i}@example.org` }));
    const inProgress = driver(db, { email: 'p@example.org' });
    addProgress(db, addAccount(db, inProgress));
    const first = createCampaign({ reason: 'not_started', withinDays: null }, null, params, db);
    expect(first.preview).toMatchObject({ total: 3, email: 3 });
    expect(auditActions(db)).toEqual(['reminder_campaign_created']);

    addFaceToFace(db, ids[0]!, TODAY);
    await sendDue(100, db);
    const sent = outboxFiles().map((f) => JSON.parse(readFileSync(join(config.mail.outboxDir, f), 'utf8')).to);
    expect(sent.sort()).toEqual(['d2@example.org', 'd3@example.org']);
    const body = JSON.parse(readFileSync(join(config.mail.outboxDir, outboxFiles()[0]!), 'utf8')).text as string;
    expect(body).toContain('1 September 2016');
    expect(body).toMatch(/RM\d+/);
    expect(campaignProblems(first.campaignId, 10, db)).toEqual([
      expect.objectContaining({ driverId: ids[0], state: 'skipped' }),
    ]);

    const again = createCampaign({ reason: 'not_started', withinDays: null }, null, params, db);
    expect(again.preview).toMatchObject({ alreadyReminded: 2, email: 0 });
    await sendDue(100, db);
    expect(outboxFiles()).toHaveLength(2);
    expect(campaignProgress(first.campaignId, db)).toMatchObject({
      finished: true,
      channels: { email: { sent: 2, skipped: 1 } },
    });
    expect(driverReminders(ids[1]!, db)).toEqual([expect.objectContaining({ channel: 'email', state: 'sent' })]);
  });

  it('prints one letter page per driver with an address and no e-mail', async () => {
    for (let i = 0; i < 5; i += 1) driver(db, { address: true });
    driver(db, { email: 'e@example.org', address: true });
    const { campaignId } = createCampaign({ reason: 'not_started', withinDays: null }, null, params, db);
    await makeDueLetters(db);
    expect(pdfPages(lettersPath(campaignId))).toBe(5);
    expect(campaignProgress(campaignId, db)?.letters).toEqual({ total: 5, made: 5, ready: true });
  });

  it('retries a failed send later and marks it failed with the reason after the last attempt', async () => {
    driver(db, { email: 'x@example.org' });
    // Nothing listens on port 9, so every attempt fails as a transport that is down would.
    const notify = {
      apiKey: `key-${'0'.repeat(36)}-${'0'.repeat(36)}`,
      baseUrl: 'http://127.0.0.1:9',
      emailTemplateId: 't',
      smsTemplateId: null,
    };
    config.reminders = { ...config.reminders, notify, maxAttempts: 2, retrySeconds: 0 };
    const { campaignId } = createCampaign({ reason: 'not_started', withinDays: null }, null, params, db);
    await sendDue(10, db);
    expect(campaignProgress(campaignId, db)?.channels.email.queued).toBe(1);
    await sendDue(10, db);
    expect(campaignProblems(campaignId, 10, db)).toEqual([
      expect.objectContaining({ state: 'failed', reason: expect.stringMatching(/^GOV.UK Notify unreachable/) }),
    ]);
  });

  it('reminds automatically before a completion expires, once per driver', () => {
    const id = driver(db, { email: 'old@example.org' });
    addFaceToFace(db, id, '2013-07-20');
    config.reminders = {
      ...config.reminders,
      automatic: { ...config.reminders.automatic, daysBeforeExpiry: 30 },
    };
    expect(runAutomaticReminders(db, params)).toHaveLength(1);
    expect(runAutomaticReminders(db, params)).toHaveLength(0);
    expect(driverReminders(id, db)).toEqual([expect.objectContaining({ reason: 'expiring' })]);
  });

  it('reminds drivers not yet trained automatically from N days before the deadline, and not before', () => {
    const id = driver(db, { email: 'late@example.org' });
    config.reminders = {
      ...config.reminders,
      automatic: { ...config.reminders.automatic, daysBeforeDeadline: 30 },
    };
    expect(runAutomaticReminders(db, params)).toEqual([]);
    const nearDeadline = statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, '2016-08-10');
    expect(runAutomaticReminders(db, nearDeadline)).toHaveLength(1);
    expect(runAutomaticReminders(db, nearDeadline)).toEqual([]);
    expect(driverReminders(id, db)).toEqual([expect.objectContaining({ reason: 'not_started', channel: 'email' })]);
  });

  it('includes the address, mobile and reminders in the subject access record', async () => {
    const id = driver(db, { mobile: '07700900123', address: true });
    createCampaign({ reason: 'not_started', withinDays: null }, null, params, db);
    await makeDueLetters(db);
    const record = driverRecord(id, params, db, -1)!;
    expect(record.driver).toMatchObject({ town: 'Durham', postcode: 'DH1 5UQ', mobile: '07700900123' });
    expect(record.reminders).toEqual([expect.objectContaining({ channel: 'letter', state: 'sent' })]);
  });

  it('has a text for every reason that says where to start and how to get help, with no phone number written in', () => {
    for (const reason of REMINDER_REASONS) {
      const { subject, body, sms } = reminderTemplate(reason);
      expect(subject.length).toBeGreaterThan(10);
      for (const text of [body, sms]) {
        expect(text).toContain('{url}');
        expect(text).toContain('{help}');
        expect(text).not.toMatch(/\d{3,}/);
      }
      expect(sms.length).toBeLessThan(300);
    }
  });
});
