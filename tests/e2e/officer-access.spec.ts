import { expect, test, type Browser } from '@playwright/test';
import type Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expectNoAxeViolations } from './support/a11y.ts';
import { e2eDb, insertDriver, insertUser, signInAs, uniqueBadge } from './support/db.ts';
import { ROOT, enrolSecondFactor } from './officer-support.ts';

/** Officer pages, the export and officer POSTs are for officers only; officer accounts are managed by admins. */

const OFFICER_PAGES = [
  '/officer/',
  '/officer/drivers/',
  '/officer/applicants/',
  '/officer/audit/',
  '/officer/questions/',
  '/officer/export.csv?status=overdue',
  '/officer/questions.csv',
];

function uniqueEmail(who: string): string {
  return `${who}.${uniqueBadge('').toLowerCase()}@example.test`;
}

/** A new admin and a new officer (a fresh address starting `officerWho`), each signed in in a browser context of their own. */
async function adminAndOfficer(db: Database.Database, browser: Browser, baseURL: string, officerWho: string) {
  const officerEmail = uniqueEmail(officerWho);
  const adminId = insertUser(db, { email: uniqueEmail('admin'), role: 'admin' });
  const officerId = insertUser(db, { email: officerEmail, role: 'officer' });
  const admin = await browser.newContext();
  const officer = await browser.newContext();
  await signInAs(admin, db, adminId, baseURL);
  await signInAs(officer, db, officerId, baseURL);
  return { adminId, officerId, officerEmail, admin, officer };
}

test('a signed-out visitor is sent to sign in for every officer page and refused every officer POST', async ({
  request,
  baseURL,
}) => {
  const db = e2eDb();
  const driverId = insertDriver(db, { badgeNumber: uniqueBadge(), surname: 'Outside', forenames: 'Olly' });
  db.close();
  for (const path of [...OFFICER_PAGES, `/officer/drivers/${driverId}`]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers().location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
  }
  const post = await request.post(`/officer/drivers/${driverId}`, {
    headers: { Origin: baseURL! },
    form: { sessionDate: '2016-08-01', trainer: 'T', venue: 'V' },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(401);
});

test('a signed-in driver gets 403 from every officer page, the export and a same-origin POST', async ({
  page,
  context,
  baseURL,
}) => {
  const db = e2eDb();
  const driverId = insertDriver(db, { badgeNumber: uniqueBadge(), surname: 'Driver', forenames: 'Dee' });
  const userId = insertUser(db, { email: uniqueEmail('driver'), role: 'driver', driverId });
  await signInAs(context, db, userId, baseURL!);
  for (const path of [...OFFICER_PAGES, `/officer/drivers/${driverId}`, '/officer/users/']) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(403);
  }
  for (const [path, form] of [
    [`/officer/drivers/${driverId}`, { sessionDate: '2016-08-01', trainer: 'T', venue: 'V' }],
    ['/officer/applicants/', { userId: String(userId), badgeNumber: 'X' }],
    ['/officer/users/', { intent: 'invite', email: 'x@example.test', role: 'admin' }],
  ] as const) {
    const response = await page.request.post(path, { headers: { Origin: baseURL! }, form, maxRedirects: 0 });
    expect(response.status(), path).toBe(403);
  }
  expect(db.prepare('select count(*) from face_to_face_sessions where driver_id = ?').pluck().get(driverId)).toBe(0);
  db.close();
});

test('an officer who is not an admin cannot manage officer accounts', async ({ page, context, baseURL }) => {
  const db = e2eDb();
  await signInAs(context, db, insertUser(db, { email: uniqueEmail('officer'), role: 'officer' }), baseURL!);
  db.close();
  expect((await page.request.get('/officer/users/', { maxRedirects: 0 })).status()).toBe(403);
  const post = await page.request.post('/officer/users/', {
    headers: { Origin: baseURL! },
    form: { intent: 'invite', email: 'y@example.test', role: 'admin' },
  });
  expect(post.status()).toBe(403);
  await page.goto('/officer/');
  await expect(
    page.getByRole('navigation', { name: 'Officer console' }).getByRole('link', { name: 'Officers' }),
  ).toHaveCount(0);
});

test('officer:create prints a one-time link that sets the password and signs the officer in', async ({
  page,
  baseURL,
}) => {
  const email = uniqueEmail('invited');
  const out = execFileSync('npx', ['tsx', 'src/cli/officer-create.ts', '--email', email], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      DATABASE_PATH: join(process.env.E2E_DATA_DIR!, 'portal.db'),
      PUBLIC_BASE_URL: baseURL!,
      PORTAL_LOG: 'silent',
    },
  });
  const link = out.match(/https?:\/\/\S+\/officer\/accept\/[a-z2-7]+/)?.[0];
  expect(link, out).toBeDefined();
  await page.goto(link!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set your password');
  await expectNoAxeViolations(page);
  await page.getByLabel('Password').fill('ferry lighthouse porridge');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(page).toHaveURL(/\/second-factor/);
  await enrolSecondFactor(page);
  await expect(page).toHaveURL(/\/officer\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('dashboard');
  expect((await page.request.get(link!)).status()).toBe(404);
});

test('an admin invites an officer on screen and disabling an officer ends their session at once', async ({
  browser,
  baseURL,
}) => {
  const db = e2eDb();
  const { officerId, officerEmail, admin, officer } = await adminAndOfficer(db, browser, baseURL!, 'disabled');
  db.close();

  const officerPage = await officer.newPage();
  await officerPage.goto('/officer/');
  await expect(officerPage.getByRole('heading', { level: 1 })).toContainText('dashboard');

  const adminPage = await admin.newPage();
  await adminPage.goto('/officer/users/');
  await expectNoAxeViolations(adminPage);
  const invitee = uniqueEmail('onscreen');
  await adminPage.getByLabel('Email').fill(invitee);
  await adminPage.getByRole('button', { name: 'Create invitation' }).click();
  await expect(adminPage.getByRole('status')).toContainText(`Invitation created for ${invitee}`);
  await expect(adminPage.locator('.token-link')).toContainText('/officer/accept/');

  await adminPage.getByRole('button', { name: `Disable ${officerEmail}` }).click();
  await expect(adminPage.getByRole('status')).toContainText('disabled');

  await officerPage.goto('/officer/');
  await expect(officerPage).toHaveURL(/\/login\?next=/);
  const check = e2eDb();
  expect(check.prepare('select count(*) from sessions where user_id = ?').pluck().get(officerId)).toBe(0);
  check.close();

  await adminPage.goto('/officer/audit/?action=officer_disabled');
  await expect(adminPage.getByRole('table')).toContainText(`userId: ${officerId}`);
  await admin.close();
  await officer.close();
});

test('an officer links a waiting applicant to a register row by badge number', async ({ page, context, baseURL }) => {
  const db = e2eDb();
  const badge = uniqueBadge('A');
  const driverId = insertDriver(db, { badgeNumber: badge, surname: 'Newly', forenames: 'Licensed' });
  const applicantEmail = uniqueEmail('applicant');
  const applicantId = insertUser(db, { email: applicantEmail, role: 'driver', isApplicant: true });
  await signInAs(context, db, insertUser(db, { email: uniqueEmail('officer'), role: 'officer' }), baseURL!);

  await page.goto('/officer/applicants/');
  await expectNoAxeViolations(page);
  const row = page.getByRole('row').filter({ hasText: applicantEmail });
  await row.getByLabel('Badge number').fill('NO-SUCH-BADGE');
  await row.getByRole('button', { name: /Link/ }).click();
  await expect(page.getByRole('alert')).toContainText('No driver on the register has that badge number');
  await page.getByRole('row').filter({ hasText: applicantEmail }).getByLabel('Badge number').fill(badge.toLowerCase());
  await page.getByRole('row').filter({ hasText: applicantEmail }).getByRole('button', { name: /Link/ }).click();
  await expect(page).toHaveURL(new RegExp(`/officer/drivers/${driverId}$`));
  await expect(page.getByText(applicantEmail)).toBeVisible();
  expect(db.prepare('select driver_id, is_applicant from users where id = ?').get(applicantId)).toEqual({
    driver_id: driverId,
    is_applicant: 0,
  });
  db.close();
});

test('an officer refuses a wrong badge claim, confirms the right one, disables the account and erases the driver', async ({
  page,
  context,
  baseURL,
}) => {
  const db = e2eDb();
  const badge = uniqueBadge('C');
  const driverId = insertDriver(db, { badgeNumber: badge, surname: 'Claimed', forenames: 'Carla' });
  const waiting = (email: string) => insertUser(db, { email, claimedDriverId: driverId });
  const squatter = uniqueEmail('squatter');
  const real = uniqueEmail('carla');
  waiting(squatter);
  waiting(real);
  await signInAs(context, db, insertUser(db, { email: uniqueEmail('officer'), role: 'officer' }), baseURL!);

  await page.goto(`/officer/drivers/${driverId}`);
  await expect(page.getByRole('heading', { name: 'Accounts waiting to be linked to this badge' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: `Refuse ${squatter}` }).click();
  await expect(page.getByRole('status')).toContainText('The badge has been released');
  await page.getByRole('button', { name: `Confirm ${real}` }).click();
  await expect(page.getByRole('status')).toContainText('now linked to this badge');
  await expect(page.locator('#account ~ dl')).toContainText(real);
  await page.getByRole('button', { name: 'Disable the account' }).click();
  await expect(page.getByRole('status')).toContainText('disabled and signed out');

  await page.getByRole('link', { name: /Erase this driver’s personal data/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Erase Carla Claimed’s personal data');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Erase personal data' }).click();
  await expect(page.getByRole('alert')).toContainText('Confirm that the driver asked');
  await page.getByLabel('The driver asked for their personal data to be erased').check();
  await page.getByRole('button', { name: 'Erase personal data' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The driver’s personal data has been erased');
  expect(db.prepare('select surname, badge_number from drivers where id = ?').get(driverId)).toEqual({
    surname: 'Erased',
    badge_number: `ERASED-${driverId}`,
  });
  expect(db.prepare('select count(*) from users where email = ?').pluck().get(real)).toBe(0);
  const actions = db
    .prepare('select action from audit_log where driver_id = ? and action != ? order by id')
    .pluck()
    .all(driverId, 'driver_viewed');
  expect(actions).toEqual(['badge_released', 'badge_claim_confirmed', 'driver_account_disabled', 'driver_erased']);
  db.close();
});

test('an admin resets another officer’s second factor, which signs them out and is audited', async ({
  browser,
  baseURL,
}) => {
  const db = e2eDb();
  const { adminId, officerId, officerEmail, admin, officer } = await adminAndOfficer(
    db,
    browser,
    baseURL!,
    'lostphone',
  );
  // The officer had enrolled a second factor, the one the admin now resets.
  db.prepare(`update users set password_hash = 'x', totp_key = x'00', totp_confirmed_at = ? where id = ?`).run(
    Date.now(),
    officerId,
  );

  const adminPage = await admin.newPage();
  await adminPage.goto('/officer/users/');
  await adminPage.getByRole('button', { name: `Reset security code for ${officerEmail}` }).click();
  await expect(adminPage.getByRole('status')).toContainText('The security code has been reset');
  await expectNoAxeViolations(adminPage);
  expect(db.prepare('select totp_key, totp_confirmed_at from users where id = ?').get(officerId)).toEqual({
    totp_key: null,
    totp_confirmed_at: null,
  });
  const officerPage = await officer.newPage();
  await officerPage.goto('/officer/');
  await expect(officerPage).toHaveURL(/\/login\?next=/);
  expect(
    db
      .prepare(`select actor_user_id from audit_log where action = 'second_factor_reset' order by id desc`)
      .pluck()
      .get(),
  ).toBe(adminId);
  db.close();
  await admin.close();
  await officer.close();
});
