/**
 * The public certificate check. Anyone holding the paper (the licensing
 * office, an operator, a passenger) can look a code up and compare what the
 * register says with what is printed. Look-ups are rate limited per client
 * so codes cannot be harvested by guessing, and each one is logged with its
 * outcome only: no code, no address, no personal data. The log is pruned by
 * age and capped in size.
 */
import { eq, lt, lte, max } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { certificates, verificationLog } from '../../../db/schema.ts';
import { TokenBucket } from '../auth/rate-limit.ts';
import { now, today } from '../clock.ts';
import { logEvent } from '../log.ts';
import { formatCode, normaliseCode } from './code.ts';

export type CertificateState = 'valid' | 'expired' | 'revoked';

/** What the verify page may show about a found certificate: never the revocation reason. */
export interface VerifiedCertificate {
  code: string;
  holderName: string;
  badgeNumber: string | null;
  kind: 'online' | 'face_to_face';
  completedOn: string;
  expiresOn: string | null;
  /** UK calendar date of revocation, when revoked. */
  revokedOn: string | null;
}

export type Verification =
  { outcome: 'malformed' | 'not_found' } | { outcome: CertificateState; certificate: VerifiedCertificate };

/** 30 look-ups at once per client, then one every two seconds: 30 a minute. */
export const VERIFY_BURST = 30;
const verifyLimiter = new TokenBucket('verify_address', VERIFY_BURST, 2_000);

/**
 * A certificate's state on a given day (YYYY-MM-DD). Revocation wins; it
 * expires on its expiry date, the same rule the driver's status follows.
 */
export function certificateState(
  cert: { revokedAt: number | null; expiresOn: string | null },
  on: string,
): CertificateState {
  if (cert.revokedAt !== null) return 'revoked';
  if (cert.expiresOn !== null && on >= cert.expiresOn) return 'expired';
  return 'valid';
}

/** How long a look-up's outcome is kept in `verification_log`. */
export const VERIFICATION_LOG_KEEP_MS = 90 * 24 * 60 * 60_000;
/** The most rows `verification_log` holds, however fast look-ups come (review F-9). */
export const VERIFICATION_LOG_MAX_ROWS = 100_000;
/** The log is pruned once every this many look-ups, so pruning costs little per request. */
const PRUNE_EVERY_ROWS = 1_000;

/** Looks a typed or scanned code up, judged against today's date, and logs the outcome. */
export function verifyCode(input: string, db: Executor = getDb()): Verification {
  const result = lookUp(input, db);
  const at = now().getTime();
  const { id } = db
    .insert(verificationLog)
    .values({ at, outcome: result.outcome })
    .returning({ id: verificationLog.id })
    .get();
  if (id % PRUNE_EVERY_ROWS === 0) pruneVerificationLog(db, at);
  return result;
}

/** Deletes look-ups older than `VERIFICATION_LOG_KEEP_MS`, then the oldest past `VERIFICATION_LOG_MAX_ROWS`. */
export function pruneVerificationLog(db: Executor = getDb(), at: number = now().getTime()): void {
  db.delete(verificationLog)
    .where(lt(verificationLog.at, at - VERIFICATION_LOG_KEEP_MS))
    .run();
  const newest =
    db
      .select({ id: max(verificationLog.id) })
      .from(verificationLog)
      .get()?.id ?? 0;
  db.delete(verificationLog)
    .where(lte(verificationLog.id, newest - VERIFICATION_LOG_MAX_ROWS))
    .run();
}

function lookUp(input: string, db: Executor): Verification {
  const code = normaliseCode(input);
  if (code === null) return { outcome: 'malformed' };
  const cert = db.select().from(certificates).where(eq(certificates.code, code)).get();
  if (!cert) return { outcome: 'not_found' };
  return {
    outcome: certificateState(cert, today()),
    certificate: {
      code: formatCode(cert.code),
      holderName: cert.holderName,
      badgeNumber: cert.badgeNumber,
      kind: cert.kind,
      completedOn: cert.completedOn,
      expiresOn: cert.expiresOn,
      revokedOn: cert.revokedAt === null ? null : today(new Date(cert.revokedAt)),
    },
  };
}

/**
 * `verifyCode` behind the per-client rate limit; `rate_limited` (not logged
 * as a check, since nothing was looked up) once the client has used its share.
 */
export function checkCertificate(
  input: string,
  clientKey: string,
  db: Executor = getDb(),
): Verification | { outcome: 'rate_limited' } {
  if (!verifyLimiter.consume(clientKey)) {
    logEvent('verification_rate_limited');
    return { outcome: 'rate_limited' };
  }
  return verifyCode(input, db);
}
