/**
 * Issuing a certificate for an online pass. Runs inside the caller's
 * transaction so a pass and its certificate are written together or not at
 * all; one certificate per attempt however often it is called.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.ts';
import { certificates, drivers, users } from '../../../db/schema.ts';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { completionExpiresOn } from '../training/status.ts';

/** Letters and digits that cannot be mistaken for each other when typed (Crockford base32). */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random, human-typeable certificate code: 12 characters (60 bits) in groups of four. */
export function newCertificateCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  // 256 is a multiple of 32, so masking keeps every character equally likely.
  const chars = Array.from(bytes, (b) => CODE_ALPHABET[b & 31]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Issues (or returns the already issued) online certificate for a passed attempt. */
export function issueOnlineCertificate(tx: Executor, input: { userId: number; attemptId: number; completedOn: string }): { id: number; code: string } {
  const existing = tx.select({ id: certificates.id, code: certificates.code }).from(certificates).where(eq(certificates.attemptId, input.attemptId)).get();
  if (existing) return existing;
  const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
  if (!user) throw new Error(`No user ${input.userId}`);
  const driver = user.driverId === null ? undefined : tx.select().from(drivers).where(eq(drivers.id, user.driverId)).get();
  const holderName = driver ? `${driver.forenames} ${driver.surname}` : [user.forenames, user.surname].filter(Boolean).join(' ');
  return tx
    .insert(certificates)
    .values({
      code: newCertificateCode(),
      kind: 'online',
      userId: user.id,
      driverId: driver?.id ?? null,
      attemptId: input.attemptId,
      holderName: holderName || user.email,
      badgeNumber: driver?.badgeNumber ?? null,
      licenceType: driver?.licenceType ?? null,
      completedOn: input.completedOn,
      expiresOn: completionExpiresOn(input.completedOn, config.refresherMonths),
      issuedAt: now().getTime(),
    })
    .returning({ id: certificates.id, code: certificates.code })
    .get();
}
