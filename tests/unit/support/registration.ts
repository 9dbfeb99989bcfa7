/**
 * Registering a licensed driver the whole way, as the driver does it: the form, then the link e-mailed to the
 * address given (`registration.ts`: no account exists until that link is used).
 */
import { vi } from 'vitest';
import { config } from '../../../src/lib/config.ts';
import {
  confirmRegistration,
  registerDriver,
  type DriverDetails,
  type FormRefusal,
  type RegistrationResult,
} from '../../../src/lib/auth/registration.ts';
import { confirmationPath, confirmationToken } from '../../support/outbox.ts';

/** Waits for the confirmation e-mail to `email` and returns its link's token. */
export async function confirmationTokenFor(email: string): Promise<string> {
  const path = await vi.waitFor(() => {
    const found = confirmationPath(config.mail.outboxDir, email);
    if (!found) throw new Error(`no confirmation link to ${email} yet`);
    return found;
  });
  return confirmationToken(path);
}

/** Sends the driver registration form, then follows the e-mailed link; a refusal by the form is returned as is. */
export async function registerDriverAndConfirm(
  details: DriverDetails,
  address: string,
): Promise<RegistrationResult | { ok: false; reason: FormRefusal }> {
  const started = await registerDriver(details, address);
  if (!started.ok) return started;
  return confirmRegistration(await confirmationTokenFor(details.email));
}
