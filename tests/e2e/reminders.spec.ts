import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoAxeViolations } from './support/a11y.ts';
import { insertUser, signInAs } from './support/db.ts';
import { startFreshServer, type FreshServer } from './officer-support.ts';

/**
 * The register: 1,757 drivers, the first 683 trained face to face. Of the
 * 1,074 not started, a third have an e-mail (some an address too), a third
 * only a postal address, a third nothing usable (a mobile, but SMS is off).
 */
const DRIVERS = 1757;
const FACE_TO_FACE = 683;
type Contact = 'email' | 'letter' | 'none';
const contactOf = (i: number): Contact => (['email', 'letter', 'none'] as const)[i % 3]!;
const notStarted = Array.from({ length: DRIVERS - FACE_TO_FACE }, (_, k) => k + FACE_TO_FACE + 1);
const count = (c: Contact) => notStarted.filter((i) => contactOf(i) === c).length;

function registerCsv(): Buffer {
  const lines = [
    'badge_number,surname,forenames,licence_type,licence_expiry,email,address_line_1,town,postcode,mobile',
  ];
  for (let i = 1; i <= DRIVERS; i += 1) {
    const c = contactOf(i);
    const email = c === 'email' ? `driver${i}@example.org` : '';
    const address = c === 'none' ? ',,' : `${i} Front Street,Durham,DH1 ${1 + (i % 9)}AB`;
    const mobile = c === 'none' ? '07700 900123' : '';
    lines.push(`RB${i},Surname${i},Forename${i},dual,2030-01-15,${email},${address},${mobile}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

function faceToFaceCsv(): Buffer {
  const lines = ['badge_number,session_date,trainer,venue'];
  for (let i = 1; i <= FACE_TO_FACE; i += 1) lines.push(`RB${i},2016-05-1${i % 10},A. Hepburn,Civic centre`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

// The second journey reads what the first sent.
test.describe.configure({ mode: 'serial' });

let server: FreshServer;
let page: Page;

async function importFile(kind: 'Licensing register' | 'Face-to-face attendance', buffer: Buffer): Promise<void> {
  await page.goto(`${server.baseURL}/officer/import/`);
  await page.getByLabel(kind).check();
  await page.getByLabel('CSV file').setInputFiles({ name: 'file.csv', mimeType: 'text/csv', buffer });
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await page.getByRole('button', { name: 'Apply import' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('imported');
}

function outbox(): string[] {
  const dir = join(server.dataDir, 'outbox');
  return readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).to as string);
}

function driverId(badge: string): number {
  return (server.db.prepare('select id from drivers where badge_number = ?').get(badge) as { id: number }).id;
}

test.beforeAll(async ({ browser }) => {
  server = await startFreshServer('2016-07-15T12:00:00Z', {
    portOffset: 200,
    env: { REMINDER_SEND_PER_SECOND: '2000' },
  });
  const context = await browser.newContext();
  page = await context.newPage();
  const officer = insertUser(server.db, { email: 'reminders.officer@example.test', role: 'officer' });
  await signInAs(context, server.db, officer, server.baseURL);
});

test.afterAll(async () => {
  await page?.context().close();
  server?.db.close();
  server?.stop();
});

test('an officer reminds every driver not started: one e-mail each, one letter page each, nobody twice', async () => {
  test.setTimeout(240_000);
  await importFile('Licensing register', registerCsv());
  await importFile('Face-to-face attendance', faceToFaceCsv());

  await page.goto(`${server.baseURL}/officer/`);
  await page.getByRole('navigation', { name: 'Officer console' }).getByRole('link', { name: 'Reminders' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Send reminders');
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose who should be reminded');
  await expectNoAxeViolations(page);

  await page.getByLabel('Not started').check();
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.locator('[data-preview]');
  const fmt = (n: number) => n.toLocaleString('en-GB');
  await expect(preview.locator('[data-count="total"]')).toHaveText(fmt(DRIVERS - FACE_TO_FACE));
  await expect(preview.locator('[data-count="email"]')).toHaveText(fmt(count('email')));
  await expect(preview.locator('[data-count="letter"]')).toHaveText(fmt(count('letter')));
  await expect(preview.locator('[data-count="unreachable"]')).toHaveText(fmt(count('none')));
  await expect(preview.locator('[data-count="sms"]')).toHaveCount(0);
  await expectNoAxeViolations(page);

  // One driver with an e-mail and one with only an address complete the training before the officer confirms.
  const completedEmail = `RB${notStarted.find((i) => contactOf(i) === 'email')}`;
  const completedLetter = `RB${notStarted.find((i) => contactOf(i) === 'letter')}`;
  for (const badge of [completedEmail, completedLetter]) {
    server.db
      .prepare(
        `insert into face_to_face_sessions (driver_id, session_date, trainer, venue, created_at) values (?, ?, ?, ?, ?)`,
      )
      .run(driverId(badge), '2016-07-14', 'A. Hepburn', 'Civic centre', Date.now());
  }

  const sending = count('email') + count('letter');
  await page.getByRole('button', { name: `Send ${fmt(sending)} reminders` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reminders: not started');
  // The page refreshes itself until everything is sent and the letters PDF is made.
  await expect(page.getByText('Finished: nothing is waiting to be sent.')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('link', { name: 'Download the letters' })).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('[data-progress="email-sent"]')).toHaveText(fmt(count('email') - 1));
  await expectNoAxeViolations(page);

  const recipients = outbox();
  expect(recipients).toHaveLength(count('email') - 1);
  expect(new Set(recipients).size).toBe(recipients.length);
  expect(recipients).not.toContain(`driver${completedEmail.slice(2)}@example.org`);

  const href = await page.getByRole('link', { name: 'Download the letters' }).getAttribute('href');
  const pdf = await page.request.get(`${server.baseURL}${href}`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const pages = (await pdf.body()).toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
  expect(pages).toHaveLength(count('letter') - 1);

  // Sending the same group again queues nobody and sends nothing more.
  await page.goto(`${server.baseURL}/officer/reminders/?reason=not_started`);
  await expect(preview.locator('[data-count="already"]')).toHaveText(fmt(sending - 2));
  await expect(page.getByText('Nobody in this group can be sent this reminder now.')).toBeVisible();
  const again = await page.request.post(`${server.baseURL}/officer/reminders/`, {
    form: { reason: 'not_started' },
    headers: { Origin: server.baseURL },
  });
  expect(again.ok()).toBe(true);
  expect(await again.text()).toContain('No new reminders were queued');
  expect(outbox()).toHaveLength(count('email') - 1);

  // The driver's page shows the reminder sent, and the letter for one with an address.
  await page.goto(`${server.baseURL}/officer/drivers/${driverId(`RB${notStarted[3]}`)}`);
  const reminders = page.getByRole('table', { name: 'Reminders sent to this driver, newest first' });
  await expect(reminders.getByRole('row').nth(1)).toContainText(/Not started\s*E-mail\s*Sent/);
  await page.goto(`${server.baseURL}/officer/drivers/${driverId(`RB${notStarted[4]}`)}`);
  await expect(page.getByText(`${notStarted[4]} Front Street, Durham`)).toBeVisible();
  await expect(reminders.getByRole('row').nth(1)).toContainText(/Not started\s*Letter\s*Sent/);
});

test('a driver sees the reminders sent to them in their account', async ({ browser }) => {
  const badge = `RB${notStarted.find((i) => contactOf(i) === 'email')! + 3}`;
  const user = insertUser(server.db, {
    email: 'reminded.driver@example.test',
    role: 'driver',
    driverId: driverId(badge),
  });
  const context = await browser.newContext();
  const driverPage = await context.newPage();
  await signInAs(context, server.db, user, server.baseURL);
  await driverPage.goto(`${server.baseURL}/account`);
  await expect(driverPage.getByRole('heading', { name: 'Reminders we have sent you' })).toBeVisible();
  await expect(driverPage.getByRole('table', { name: 'Reminders sent to you, newest first' })).toContainText('E-mail');
  await expectNoAxeViolations(driverPage);
  await context.close();
});

test('with JavaScript the campaign page updates its figures without a reload, within its CSP', async ({ browser }) => {
  const context = await browser.newContext();
  const live = await context.newPage();
  const errors: string[] = [];
  live.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  live.on('pageerror', (error) => errors.push(error.message));
  const officer = insertUser(server.db, { email: 'live.officer@example.test', role: 'officer' });
  await signInAs(context, server.db, officer, server.baseURL);
  // Three e-mails look handed over but not yet confirmed, as while the worker is sending them.
  const campaign = server.db.prepare('select max(campaign_id) as id from reminder_messages').get() as { id: number };
  const inFlight = server.db
    .prepare(`select id from reminder_messages where campaign_id = ? and channel = 'email' and state = 'sent' limit 3`)
    .all(campaign.id) as { id: number }[];
  const setState = server.db.prepare('update reminder_messages set state = ? where id = ?');
  for (const { id } of inFlight) setState.run('sending', id);

  const fmt = (n: number) => n.toLocaleString('en-GB');
  const response = await live.goto(`${server.baseURL}/officer/reminders/${campaign.id}`);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).not.toContain('unsafe-inline');
  await expect(live.getByText('Sending: this page updates as reminders go.')).toBeVisible();
  await expect(live.locator('[data-progress="email-waiting"]')).toHaveText('3');
  await expect(live.locator('[data-progress="email-sent"]')).toHaveText(fmt(count('email') - 4));
  await expectNoAxeViolations(live);
  await live.evaluate(() => Object.assign(window, { sameDocument: true }));

  for (const { id } of inFlight) setState.run('sent', id);
  await expect(live.locator('[data-progress="email-sent"]')).toHaveText(fmt(count('email') - 1), { timeout: 10_000 });
  await expect(live.locator('[data-progress="email-waiting"]')).toHaveText('0');
  await expect(live.getByText('Finished: nothing is waiting to be sent.')).toBeVisible();
  expect(await live.evaluate(() => 'sameDocument' in window)).toBe(true);
  await expectNoAxeViolations(live);
  expect(errors).toEqual([]);
  await context.close();
});

test('without JavaScript the campaign page shows progress as it stands at each load', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  const officer = insertUser(server.db, { email: 'no-script.officer@example.test', role: 'officer' });
  await signInAs(context, server.db, officer, server.baseURL);
  await plain.goto(`${server.baseURL}/officer/reminders/`);
  await plain.getByRole('table', { name: 'Reminder campaigns, newest first' }).getByRole('link').last().click();
  await expect(plain.getByRole('heading', { level: 1 })).toHaveText('Reminders: not started');
  await expect(plain.getByText('Finished: nothing is waiting to be sent.')).toBeVisible();
  await expect(plain.locator('[data-progress="email-sent"]')).toHaveText((count('email') - 1).toLocaleString('en-GB'));
  await expect(plain.getByRole('link', { name: 'Download the letters' })).toBeVisible();
  await context.close();
});
