/**
 * The audit trail of officer actions and account events. Rows are only ever
 * inserted (database triggers refuse updates and deletes). `detail` holds
 * identifiers and counts, never passwords, tokens or full personal data.
 */
import { type Executor } from '../../db/client.ts';
import { getDb } from './db.ts';
import { auditLog } from '../../db/schema.ts';
import { now } from './clock.ts';

export interface AuditEntry {
  /** Who did it (null for the system or a signed-out visitor). */
  actorUserId: number | null;
  /** Short snake_case verb, e.g. `sign_in`, `certificate_revoked`, `register_import`. */
  action: string;
  /** The driver the action concerns, if any. */
  driverId?: number | null;
  detail?: Record<string, string | number | boolean | null>;
}

/** Appends one entry to the audit log, inside the caller's transaction when given one. */
export function audit(entry: AuditEntry, db: Executor = getDb()): void {
  db.insert(auditLog)
    .values({
      at: now().getTime(),
      actorUserId: entry.actorUserId,
      action: entry.action,
      driverId: entry.driverId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .run();
}
