import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { expectNoAxeViolations } from './support/a11y.ts';
import { enrolSecondFactor, startFreshServer, type FreshServer } from './officer-support.ts';
import type { LicenceType } from '../../db/schema.ts';
import { insertDriver, insertUser } from '../support/factory.ts';

/** The server's pinned clock, which is also the time its second-factor codes are for. */
const SERVER_NOW = '2016-09-10T12:00:00Z';

/**
 * The officer's whole journey on a fresh server with an empty register and
 * the clock pinned nine days after the 2016-09-01 deadline: first-admin setup
 * through the link `npm start` printed, a known register, exact dashboard
 * counts, the overdue list and its export, recording a face-to-face session,
 * and the audit log.
 */
test.describe.configure({ mode: 'serial' });

const MALICIOUS_SURNAME = '=HYPERLINK("http://x")';
const MALICIOUS_FORENAMES = '<script>alert(1)</script>';
const OVERDUE_BADGES = ['K4', 'K5', 'K6', 'K8'];
/** Certificate codes are 12 symbols of the certificates' alphabet (no 0, O, 1 or I). */
const K3_CODE = 'K3K3K3K3K3K3';

let server: FreshServer;
let page: Page;

function insertKnownRegister(server: FreshServer): void {
  const db = server.db;
  const driver = (badgeNumber: string, surname: string, forenames: string, licenceType: LicenceType = 'private_hire') =>
    insertDriver(db, { badgeNumber, surname, forenames, licenceType, licenceExpiry: '2018-03-31' });
  const account = (driverId: number | null, email: string, applicant = false) =>
    insertUser(db, { email, driverId, isApplicant: applicant });
  const faceToFace = (driverId: number, date: string) =>
    db
      .prepare(
        `insert into face_to_face_sessions (driver_id, session_date, trainer, venue, created_at) values (?, ?, 'A Trainer', 'County Hall', 0)`,
      )
      .run(driverId, date);
  const certificate = (userId: number, code: string, on: string, revoked: boolean) =>
    db
      .prepare(
        `insert into certificates (code, kind, user_id, holder_name, completed_on, issued_at, revoked_at) values (?, 'online', ?, 'Holder', ?, 0, ?)`,
      )
      .run(code, userId, on, revoked ? 1 : null);

  faceToFace(driver('K1', 'Adams', 'Alice'), '2016-03-01');
  faceToFace(driver('K2', 'Brown', 'Ben', 'hackney_carriage'), '2016-05-20');
  certificate(account(driver('K3', 'Clark', 'Cara', 'dual'), 'cara@example.test'), K3_CODE, '2016-08-25', false);
  db.prepare(`insert into module_progress (user_id, module_slug, started_at) values (?, 'why-drivers', 0)`).run(
    account(driver('K4', 'Davis', 'Dan'), 'dan@example.test'),
  );
  driver('K5', 'Evans', 'Eve');
  driver('K6', MALICIOUS_SURNAME, MALICIOUS_FORENAMES);
  faceToFace(driver('K7', 'Ford', 'Fay'), '2013-06-01');
  certificate(account(driver('K8', 'Green', 'Gus'), 'gus@example.test'), 'K8K8K8K8K8K8', '2016-08-01', true);
  account(null, 'applicant@example.test', true);
}

/** The number on the dashboard card whose label is `label`. */
async function figure(label: string): Promise<string> {
  const card = page
    .locator('.figures li')
    .filter({ has: page.locator('.figures__label', { hasText: new RegExp(`^${label}$`) }) });
  return (await card.locator('.figures__number').textContent()) ?? '';
}

test.beforeAll(async ({ browser }) => {
  server = await startFreshServer(SERVER_NOW);
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  page.on('dialog', () => {
    throw new Error('a script from a register name ran');
  });
});

test.afterAll(async () => {
  await page?.context().close();
  server?.db.close();
  server?.stop();
});

test('the setup link printed at first start creates the first admin and signs them in, once', async () => {
  expect(server.setupLink.startsWith(`${server.baseURL}/officer/setup/`)).toBe(true);
  await page.goto(server.setupLink);
  await expectNoAxeViolations(page);
  await page.getByLabel('Email').fill('chief.officer@example.test');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByRole('alert')).toContainText('Password must be 15 characters or more');
  await page.getByLabel('Password').fill('licensing office lantern meadow');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await enrolSecondFactor(page, SERVER_NOW);
  await expect(page).toHaveURL(`${server.baseURL}/officer/`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('dashboard');

  const again = await page.request.get(server.setupLink);
  expect(again.status()).toBe(404);
});

test('the dashboard shows exact counts for a known register', async () => {
  insertKnownRegister(server);
  await page.goto(`${server.baseURL}/officer/`);
  expect(await figure('Licensed drivers')).toBe('8');
  expect(await figure('Completed')).toBe('3');
  expect(await figure('Completed online')).toBe('1');
  expect(await figure('Completed face to face')).toBe('2');
  expect(await figure('In progress')).toBe('0');
  expect(await figure('Not started')).toBe('0');
  expect(await figure('Overdue')).toBe('4');
  expect(await figure('Expired')).toBe('1');
  expect(await figure('Applicants waiting')).toBe('1');
  await expect(page.locator('.lead')).toContainText('37% complete');
  await expect(page.locator('.lead')).toContainText('9 days since the deadline');
  const hackney = page.getByRole('row', { name: /Hackney carriage/ });
  await expect(hackney.getByRole('cell').first()).toHaveText('1');
  await expect(page.getByRole('img', { name: 'Drivers who have completed the training, by month' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the overdue number leads to exactly the overdue drivers, names shown escaped', async () => {
  await page.goto(`${server.baseURL}/officer/`);
  await page.locator('.figures a').filter({ hasText: 'Overdue' }).click();
  await expect(page).toHaveURL(/\/officer\/drivers\/\?status=overdue$/);
  await expect(page.getByRole('status')).toContainText('Showing 1–4 of 4');
  const badges = await page.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(badges.sort()).toEqual(OVERDUE_BADGES);
  await expect(page.getByRole('link', { name: `${MALICIOUS_SURNAME}, ${MALICIOUS_FORENAMES}` })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('exporting the overdue filter yields those drivers, formula cells neutralised', async () => {
  await page.goto(`${server.baseURL}/officer/drivers/?status=overdue`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download these drivers as CSV' }).click(),
  ]);
  const rows = parse(readFileSync((await download.path())!, 'utf8'), { bom: true }) as string[][];
  expect(rows[0]?.[0]).toBe('Badge number');
  expect(
    rows
      .slice(1)
      .map((r) => r[0])
      .sort(),
  ).toEqual(OVERDUE_BADGES);
  const malicious = rows.find((r) => r[0] === 'K6');
  expect(malicious?.[1]).toBe(`'${MALICIOUS_SURNAME}`);
  expect(malicious?.[2]).toBe(MALICIOUS_FORENAMES);
  const response = await page.request.get(`${server.baseURL}/officer/export.csv?status=overdue`);
  expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="drivers-2016-09-10\.csv"$/);
});

test('recording a face-to-face session moves an overdue driver to Completed', async () => {
  await page.goto(`${server.baseURL}/officer/drivers/?q=K5`);
  await page.getByRole('link', { name: 'Evans, Eve' }).click();
  await expect(page.getByText('Status:')).toContainText('Overdue');
  await page.getByRole('link', { name: 'Record a face-to-face session' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Record a face-to-face session for Eve Evans');
  await page.getByRole('button', { name: 'Record session' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter the date of the session');
  await expect(page.locator('.error-summary')).toBeFocused();
  await expectNoAxeViolations(page);
  await page.getByLabel('Date of the session').fill('2016-09-09');
  await page.getByLabel('Trainer').fill('Pat Trainer');
  await page.getByLabel('Venue').fill('Durham Town Hall');
  await page.getByRole('button', { name: 'Record session' }).click();
  await expect(page.getByRole('status')).toContainText('has been recorded');
  await expect(page.getByText('Status:')).toContainText('Completed');
  await expect(page.getByRole('cell', { name: 'Durham Town Hall' })).toBeVisible();
  // The face-to-face completion gets its certificate, which checks as valid on /verify/.
  const certificateRow = page
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'Face to face', exact: true }) })
    .filter({ has: page.getByRole('link', { name: /Download PDF/ }) });
  await expect(certificateRow).toHaveCount(1);
  const code = (await certificateRow.innerText()).match(/[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/)![0];
  await expectNoAxeViolations(page);
  await page.goto(`${server.baseURL}/verify/${code}`);
  await expect(page.getByText('This certificate is valid.')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Eve Evans');

  await page.goto(`${server.baseURL}/officer/`);
  expect(await figure('Overdue')).toBe('3');
  expect(await figure('Completed face to face')).toBe('3');
});

test('an officer downloads everything held about a driver for a subject access request', async () => {
  await page.goto(`${server.baseURL}/officer/drivers/?q=K5`);
  await page.getByRole('link', { name: 'Evans, Eve' }).click();
  const href = await page
    .getByRole('link', { name: /Download everything held about this driver/ })
    .getAttribute('href');
  const response = await page.request.get(`${server.baseURL}${href}`);
  expect(response.headers()['content-disposition']).toMatch(/^attachment;/);
  expect(response.headers()['cache-control']).toBe('no-store');
  const text = await response.text();
  expect(text).not.toMatch(/password|secret_hash|token/i);
  const data = JSON.parse(text) as {
    driver: { surname: string };
    faceToFace: { venue: string }[];
    certificates: { kind: string }[];
    audit: { action: string }[];
  };
  expect(data.driver.surname).toBe('Evans');
  expect(data.faceToFace.map((f) => f.venue)).toContain('Durham Town Hall');
  expect(data.certificates.map((c) => c.kind)).toContain('face_to_face');
  expect(data.audit.map((a) => a.action)).toContain('face_to_face_recorded');
  await page.goto(`${server.baseURL}/officer/audit/`);
  await expect(
    page.getByRole('table').getByRole('cell', { name: 'subject access export', exact: true }).first(),
  ).toBeVisible();
});

test('the malicious register name is shown literally on the driver page', async () => {
  await page.goto(`${server.baseURL}/officer/drivers/?q=K6`);
  await page.getByRole('link', { name: `${MALICIOUS_SURNAME}, ${MALICIOUS_FORENAMES}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${MALICIOUS_FORENAMES} ${MALICIOUS_SURNAME}`);
  await expect(page.locator('script:not([src])')).toHaveCount(0);
});

test('an officer downloads a certificate, then revokes it with a reason and /verify shows it revoked', async () => {
  await page.goto(`${server.baseURL}/officer/drivers/?q=K3`);
  await page.getByRole('link', { name: 'Clark, Cara' }).click();
  const pdf = await page.request.get(
    await page
      .getByRole('link', { name: /Download PDF/ })
      .getAttribute('href')
      .then((h) => `${server.baseURL}${h}`),
  );
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect(pdf.headers()['content-disposition']).toMatch(/^attachment;/);

  await page.getByRole('link', { name: 'Revoke certificate K3K3-K3K3-K3K3' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter a reason for revoking the certificate');
  await page.getByLabel('Reason for revoking').fill('Issued to the wrong person');
  await page.getByRole('button', { name: 'Continue' }).click();
  // Check your answers: nothing has changed yet.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Check before you revoke certificate K3K3-K3K3-K3K3',
  );
  await expect(page.getByRole('definition').filter({ hasText: 'Issued to the wrong person' })).toBeVisible();
  await expectNoAxeViolations(page);
  const notYet = await page.request.get(`${server.baseURL}/verify/${K3_CODE}`);
  expect(await notYet.text()).toContain('This certificate is valid.');
  await page.getByRole('button', { name: 'Confirm: revoke certificate K3K3-K3K3-K3K3' }).click();
  await expect(page.getByRole('status')).toContainText('has been revoked');
  await expect(page.getByRole('row').filter({ hasText: 'K3K3-K3K3-K3K3' })).toContainText(
    'Revoked: Issued to the wrong person',
  );
  await expect(page.getByText('Status:')).toContainText('Overdue');
  await expectNoAxeViolations(page);

  await page.goto(`${server.baseURL}/verify/${K3_CODE}`);
  await expect(page.getByRole('main')).toContainText('Revoked');
});

test('each action appears in the audit log with who and which driver', async () => {
  await page.goto(`${server.baseURL}/officer/audit/`);
  const table = page.getByRole('table');
  for (const what of [
    'first admin created',
    'export',
    'driver viewed',
    'face to face recorded',
    'certificate downloaded',
    'certificate revoked',
  ]) {
    await expect(table.getByRole('cell', { name: what, exact: true }).first()).toBeVisible();
  }
  const recorded = page.getByRole('row').filter({ hasText: 'face to face recorded' });
  await expect(recorded).toContainText('chief.officer@example.test');
  await expect(recorded).toContainText('Evans (K5)');
  await expectNoAxeViolations(page);

  await page.getByLabel('Action').selectOption('export');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('status')).toContainText('of 2');
  await expect(page.getByRole('row').filter({ hasText: 'export' }).first()).toContainText('rows: 4');
});

test('an address naming no driver, certificate or campaign answers 404 in plain words', async () => {
  for (const [path, words] of [
    ['/officer/drivers/abc', 'No driver with that id.'],
    ['/officer/drivers/999999', 'No driver with that id.'],
    ['/officer/drivers/0/face-to-face', 'No driver with that id.'],
    ['/officer/drivers/-1/export.json', 'No driver with that id.'],
    ['/officer/drivers/1/certificate/abc/revoke', 'No certificate with that id for this driver.'],
    ['/officer/drivers/1/certificate/999999/reissue', 'No certificate with that id for this driver.'],
    ['/officer/drivers/1/certificate/1.5.pdf', 'No live certificate with that id for this driver.'],
    ['/officer/reminders/abc', 'No reminder campaign with that id.'],
    ['/officer/reminders/999999/progress.json', 'No reminder campaign with that id.'],
  ]) {
    const response = await page.request.get(`${server.baseURL}${path}`);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).toBe(words);
  }
});

test('the export opens as UTF-8 in Excel: it starts with the byte-order mark and accented names survive', async () => {
  const name = { surname: 'Ó Súilleabháin', forenames: 'Zoë' };
  insertDriver(server.db, { badgeNumber: 'K9', ...name, licenceExpiry: '2018-03-31' });
  const response = await page.request.get(`${server.baseURL}/officer/export.csv?q=K9`);
  const bytes = await response.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes.toString('utf8'), { bom: true }) as string[][];
  expect(rows[0]?.[0]).toBe('Badge number');
  expect(rows[1]?.slice(0, 3)).toEqual(['K9', name.surname, name.forenames]);
  expect(`${rows[1]?.[2]} ${rows[1]?.[1]}`).toBe('Zoë Ó Súilleabháin');
});

test('reissuing asks for confirmation, then gives the certificate a new code and revokes the old one', async () => {
  await page.goto(`${server.baseURL}/officer/drivers/?q=K5`);
  await page.getByRole('link', { name: 'Evans, Eve' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^Reissue/ }) });
  const oldCode = (await row.innerText()).match(/[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/)![0];
  await row.getByRole('link', { name: /^Reissue/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Check before you reissue certificate ${oldCode}`);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: `Confirm: reissue certificate ${oldCode}` }).click();
  await expect(page.getByRole('status')).toContainText('A new certificate has been issued');
  await expect(page.getByRole('row').filter({ hasText: oldCode })).toContainText('Revoked');
  await page.goto(`${server.baseURL}/verify/${oldCode}`);
  await expect(page.getByRole('main')).toContainText('Revoked');
});
