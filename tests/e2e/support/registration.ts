/**
 * Finishing a registration as its holder does: open the link e-mailed to the address given, then press
 * "Create my account". Drivers and applicants alike: no account exists until then.
 */
import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { confirmationPath } from '../../support/outbox.ts';

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
