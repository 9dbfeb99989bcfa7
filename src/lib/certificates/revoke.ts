/**
 * Officer actions on a certificate: revoking it, and reissuing it under a
 * new code (for a lost or compromised paper copy, or a corrected name).
 * Each runs in one transaction with its audit entry, so the log never
 * disagrees with the certificates.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { certificates } from '../../../db/schema.ts';
import { audit } from '../audit.ts';
import { now } from '../clock.ts';
import { holderForDriverId, holderForUser, insertWithFreshCode, type Holder } from './issue.ts';

/** The reason an officer gives: required, kept short enough to show in the console. */
export const revocationReason = z
  .string()
  .trim()
  .min(1, 'Enter a reason for revoking the certificate')
  .max(500, 'Reason must be 500 characters or fewer');

type Problem = 'not_found' | 'already_revoked';
export type RevokeResult = { ok: true } | { ok: false; problem: Problem };
export type ReissueResult = { ok: true; id: number; code: string } | { ok: false; problem: Problem };

/**
 * Marks a certificate revoked by this officer, inside the caller's transaction, and returns it as it was before;
 * or why it cannot be: it does not exist or is already revoked. `alsoSet` changes further columns at once.
 */
function markRevoked(
  tx: Executor,
  input: { certificateId: number; officerUserId: number },
  reason: string,
  alsoSet: Partial<typeof certificates.$inferInsert> = {},
): typeof certificates.$inferSelect | Problem {
  const cert = tx.select().from(certificates).where(eq(certificates.id, input.certificateId)).get();
  if (!cert) return 'not_found';
  if (cert.revokedAt !== null) return 'already_revoked';
  tx.update(certificates)
    .set({ revokedAt: now().getTime(), revokedBy: input.officerUserId, revokedReason: reason, ...alsoSet })
    .where(eq(certificates.id, cert.id))
    .run();
  return cert;
}

/**
 * Revokes a certificate for the reason given. The verify page then shows it
 * as revoked (with the date, never the reason) and it no longer downloads.
 * Throws a ZodError when the reason is empty or too long.
 */
export function revokeCertificate(input: {
  certificateId: number;
  officerUserId: number;
  reason: string;
}): RevokeResult {
  const reason = revocationReason.parse(input.reason);
  const db = getDb();
  return db.transaction((tx) => {
    const cert = markRevoked(tx, input, reason);
    if (typeof cert === 'string') return { ok: false, problem: cert };
    audit(
      {
        actorUserId: input.officerUserId,
        action: 'certificate_revoked',
        driverId: cert.driverId,
        detail: { certificateId: cert.id },
      },
      tx,
    );
    return { ok: true };
  });
}

/**
 * Replaces a certificate with a new one for the same completion under a new
 * code; the old one is revoked with the reason "Reissued". The holder's
 * details are read again from the account or register, so a reissue is also
 * how a corrected name reaches the paper. The completion link (attempt or
 * face-to-face session) moves to the new certificate, keeping issue
 * idempotent: issuing again for that completion returns the new one.
 */
export function reissueCertificate(input: { certificateId: number; officerUserId: number }): ReissueResult {
  const db = getDb();
  return db.transaction((tx) => {
    // The completion link moves to the new certificate below.
    const old = markRevoked(tx, input, 'Reissued', { attemptId: null, faceToFaceSessionId: null });
    if (typeof old === 'string') return { ok: false, problem: old };
    const holder: Holder = (old.kind === 'online' && old.userId !== null ? holderForUser(tx, old.userId) : null) ??
      (old.driverId !== null ? holderForDriverId(tx, old.driverId) : null) ?? {
        holderName: old.holderName,
        badgeNumber: old.badgeNumber,
        licenceType: old.licenceType,
        driverId: old.driverId,
      };
    const created = insertWithFreshCode(
      tx,
      {
        kind: old.kind,
        userId: old.userId,
        attemptId: old.attemptId,
        faceToFaceSessionId: old.faceToFaceSessionId,
        completedOn: old.completedOn,
        expiresOn: old.expiresOn,
        ...holder,
      },
      null,
    );
    if (!created) throw new Error('A certificate insert without a conflict target always returns its row');
    audit(
      {
        actorUserId: input.officerUserId,
        action: 'certificate_reissued',
        driverId: old.driverId,
        detail: { certificateId: old.id, newCertificateId: created.id },
      },
      tx,
    );
    return { ok: true, ...created };
  });
}
