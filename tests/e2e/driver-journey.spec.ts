/**
 * The taxi driver's whole journey, as PRODUCT.md describes it: on an imported
 * register, register an account (confirmed by the link e-mailed to the driver),
 * do every module, fail the assessment once, pass it, see "Completed",
 * download the certificate, check it on /verify/, sign out — and the old
 * session cookie no longer works.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newestOutboxMessage } from '../../src/lib/mail.ts';
import { readModules } from '../unit/support/course-files.ts';
import { expectNoAxeViolations } from './support/a11y.ts';
import { answerAssessment, completeModule } from './support/course.ts';
import { e2eDb, uniqueBadge } from './support/db.ts';
import { confirmByEmail, fillRegistration } from './support/registration.ts';

const PASSWORD = 'kettle lantern orchard';

test('a driver from the imported register registers, completes the course, fails once, passes, confirms the badge by e-mail and is certified', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const badge = uniqueBadge('J');
  const email = `${badge.toLowerCase()}@example.test`;
  const registerEmail = `${badge.toLowerCase()}@register.example`;
  const csv = join(mkdtempSync(join(tmpdir(), 'journey-')), 'register.csv');
  writeFileSync(
    csv,
    `badge_number,surname,forenames,licence_type,licence_expiry,email\n${badge},Ó Súilleabháin,Zoë,hackney_carriage,2030-05-31,${registerEmail}\n`,
  );
  const out = execFileSync('npx', ['tsx', 'src/cli/register-import.ts', csv], {
    env: { ...process.env, DATABASE_PATH: join(process.env.E2E_DATA_DIR!, 'portal.db') },
    encoding: 'utf8',
  });
  expect(out).toMatch(/new:?\s*1/i);

  await page.goto('/register');
  await fillRegistration(page, { badge: badge.toLowerCase(), surname: 'ó súilleabháin', email, password: PASSWORD });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
  await confirmByEmail(page, email);
  await expect(page).toHaveURL(/\/training\/$/);

  for (const m of readModules()) await completeModule(page, m.slug, m.sections.length);

  await page.goto('/training/assessment/');
  await page.getByRole('button', { name: 'Start the assessment' }).click();
  await answerAssessment(page, 3);
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You did not pass this time');

  await page.getByRole('button', { name: 'Try the assessment again' }).click();
  await answerAssessment(page, 0);
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You passed the assessment');

  // Badge number and surname are printed on the badge: until the link sent to the register's e-mail address is
  // opened, the pass earns no certificate.
  await expect(
    page.getByText(`Your certificate is issued once your account is linked to badge ${badge}`),
  ).toBeVisible();
  expect((await page.request.get('/training/certificate.pdf')).status()).toBe(404);
  const mail = newestOutboxMessage(join(process.env.E2E_DATA_DIR!, 'outbox'), registerEmail);
  const link = mail!.text.match(/https?:\/\/\S+\/register\/claim\/[a-z2-7]+/)![0];
  const confirmPage = await context.newPage();
  await confirmPage.goto(new URL(link).pathname);
  await expectNoAxeViolations(confirmPage);
  await confirmPage.getByRole('button', { name: 'Link the account to my badge' }).click();
  await expect(confirmPage.getByRole('heading', { level: 1 })).toHaveText('Your account is linked to your badge');
  await confirmPage.close();

  await page.goto('/training/');
  await expect(page.getByTestId('status')).toHaveText('Completed');
  const pdf = await page.request.get('/training/certificate.pdf');
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');

  const db = e2eDb();
  const row = db
    .prepare('select c.code from certificates c join users u on u.id = c.user_id where u.email = ?')
    .get(email) as { code: string };
  db.close();
  await page.goto(`/verify/${row.code.toLowerCase().replace(/-/g, '')}`);
  await expect(page.getByText('This certificate is valid.')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Zoë Ó Súilleabháin');
  await expect(page.getByRole('main')).toContainText(badge);

  await page.goto('/training/');
  const old = (await context.cookies()).find((c) => c.name === 'session')!;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?signed-out=1$/);
  await context.addCookies([{ name: 'session', value: old.value, url: baseURL!, httpOnly: true, sameSite: 'Lax' }]);
  await page.goto('/training/');
  await expect(page).toHaveURL(/\/login\?next=%2Ftraining%2F$/);
});
