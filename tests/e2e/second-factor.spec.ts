import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { hashPassword } from '../../src/lib/auth/password.ts';
import { newestOutboxMessage } from '../../src/lib/mail.ts';
import { enrolSecondFactor, totpCode, totpStep } from './officer-support.ts';
import { expectNoAxeViolations } from './support/a11y.ts';
import { e2eDb, insertUser, uniqueBadge } from './support/db.ts';

const PASSWORD = 'quarry lantern biscuit';
const CODE_REFUSED = 'Enter the 6-digit code your app shows now, or an unused recovery code';

async function signInWithPassword(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** An officer account with a password, made directly in the database; returns its e-mail address. */
async function officerWithPassword(): Promise<string> {
  const email = `totp.${uniqueBadge('o').toLowerCase()}@example.test`;
  const db = e2eDb();
  insertUser(db, { email, passwordHash: await hashPassword(PASSWORD), role: 'officer' });
  db.close();
  return email;
}

test('an officer enrols a TOTP app at first sign-in, signs in with a code, and a recovery code works once', async ({
  page,
}) => {
  const email = await officerWithPassword();

  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/second-factor\?next=%2Fofficer%2F$/);
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectNoAxeViolations(page);
  // The password alone reaches no officer page or export.
  for (const path of ['/officer/', '/officer/export.csv', '/officer/audit/', '/account']) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers().location, path).toMatch(/^\/second-factor\?next=/);
  }
  await page.getByLabel('Code from your app').fill('000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter the 6-digit code your app shows now for this key');
  const enrolled = await enrolSecondFactor(page);
  expect(enrolled.recoveryCodes).toHaveLength(10);
  expect(new Set(enrolled.recoveryCodes).size).toBe(10);
  await expect(page).toHaveURL(/\/officer\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('dashboard');

  // Next sign-in: a code from the app (a later time step than the one enrolment used: each code works once).
  await signOut(page);
  await signInWithPassword(page, email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your security code');
  await expectNoAxeViolations(page);
  await page.getByLabel('Code from your app, or a recovery code').fill(totpCode(enrolled.secret, enrolled.step));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText(CODE_REFUSED);
  const step = Math.max(totpStep(), enrolled.step + 1);
  await page.getByLabel('Code from your app, or a recovery code').fill(totpCode(enrolled.secret, step));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/officer\/$/);

  // A recovery code signs in once; the same code again is refused.
  const recovery = enrolled.recoveryCodes[0]!;
  await signOut(page);
  await signInWithPassword(page, email);
  await page.getByLabel('Code from your app, or a recovery code').fill(recovery);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/officer\/$/);
  await signOut(page);
  await signInWithPassword(page, email);
  await page.getByLabel('Code from your app, or a recovery code').fill(recovery.toLowerCase());
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText(CODE_REFUSED);
  expect((await page.request.get('/officer/', { maxRedirects: 0 })).status()).toBe(303);
});

test('an officer’s password reset link alone does not set a new password: it also needs the second factor', async ({
  page,
}) => {
  const email = await officerWithPassword();
  await signInWithPassword(page, email);
  const { recoveryCodes } = await enrolSecondFactor(page);
  await signOut(page);

  await page.goto('/password-reset');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  const outbox = join(process.env.E2E_DATA_DIR!, 'outbox');
  await expect.poll(() => newestOutboxMessage(outbox, email)).toBeDefined();
  const link = /https?:\/\/\S+(\/password-reset\/[a-z2-7]+)/.exec(newestOutboxMessage(outbox, email)!.text)![1]!;
  await page.goto(link);
  const choose = async (code: string) => {
    await page.getByLabel('New password', { exact: true }).fill('lemon granite bicycle');
    await page.getByLabel('Confirm new password').fill('lemon granite bicycle');
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(code);
    await page.getByRole('button', { name: 'Set new password' }).click();
  };
  await choose('');
  await expect(page.getByRole('alert')).toContainText(CODE_REFUSED);
  await expectNoAxeViolations(page);
  await choose(recoveryCodes[1]!);
  await expect(page).toHaveURL(/\/login\?reset=1$/);
});
