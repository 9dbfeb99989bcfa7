/**
 * The secrets sent in links and cookies (password reset, badge claim, officer invitation, remembered device) are
 * stored only as a SHA-256 hash, so a copy of the database does not hand out working links.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { oneTimeTokens } from '../../../db/schema.ts';
import { now } from '../clock.ts';

/** The stored form of a token. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** The unused, unexpired one-time token row for this token and purpose, if there is one. */
export function findUsableToken(
  db: Executor,
  token: string,
  purpose: (typeof oneTimeTokens.$inferSelect)['purpose'],
): typeof oneTimeTokens.$inferSelect | undefined {
  return db
    .select()
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.tokenHash, hashToken(token)),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now().getTime()),
      ),
    )
    .get();
}
