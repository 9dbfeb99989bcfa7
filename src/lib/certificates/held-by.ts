/**
 * Which certificates belong to a driver: those issued to their account (online) and those issued to their
 * register row (face to face, or online before an applicant was linked). The one place this is written, so
 * the driver's own pages, the download, the status and the officer's record all mean the same.
 */
import { eq, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { certificates } from '../../../db/schema.ts';

/**
 * The SQL condition "this certificate is held by the account `userId` or the register row `driverId`".
 * Either may be a placeholder, for a statement prepared once.
 */
export function heldBy(holder: { userId: number | SQLWrapper | null; driverId: number | SQLWrapper | null }): SQL {
  const conditions = [
    holder.userId === null ? undefined : eq(certificates.userId, holder.userId),
    holder.driverId === null ? undefined : eq(certificates.driverId, holder.driverId),
  ].filter((c): c is SQL => c !== undefined);
  return or(...conditions) ?? sql`0`;
}
