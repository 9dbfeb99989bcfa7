/**
 * Registering as a driver or an applicant does: fill in the form, then open the link e-mailed to the address
 * given and press "Create my account". Drivers and applicants alike: no account exists until then.
 */
import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { confirmationPath } from '../../support/outbox.ts';

/** The password registrations use unless a test is about the password rules. */
export const PASSWORD = 'harbour violet teapot';

/**
 * Fills in and sends the registration form on the page: the driver form (with a badge number) or the applicant
 * form (with first names). The confirmation repeats the password unless given.
 */
export async function fillRegistration(
  page: Page,
  fields: {
    badge?: string;
    forenames?: string;
    surname: string;
    dateOfBirth?: string;
    email: string;
    password?: string;
    confirm?: string;
  },
): Promise<void> {
  if (fields.badge !== undefined) await page.getByLabel('Badge number').fill(fields.badge);
  if (fields.forenames !== undefined) await page.getByLabel('First names').fill(fields.forenames);
  await page.getByLabel('Surname').fill(fields.surname);
  await page.getByLabel('Date of birth').fill(fields.dateOfBirth ?? '');
  await page.getByLabel('Email').fill(fields.email);
  await page.getByLabel('Password', { exact: true }).fill(fields.password ?? PASSWORD);
  await page.getByLabel('Confirm password').fill(fields.confirm ?? fields.password ?? PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** The e2e server's outbox folder. */
export function outboxDir(): string {
  return join(process.env.E2E_DATA_DIR!, 'outbox');
}

/** Waits for the confirmation e-mail to `email` and returns its link's path. */
export async function confirmationLink(email: string): Promise<string> {
  await expect.poll(() => confirmationPath(outboxDir(), email)).toBeDefined();
  return confirmationPath(outboxDir(), email)!;
}

/** Opens the link e-mailed to `email` and creates the account; the browser is then signed in. */
export async function confirmByEmail(page: Page, email: string): Promise<void> {
  await page.goto(await confirmationLink(email));
  await page.getByRole('button', { name: 'Create my account' }).click();
}
