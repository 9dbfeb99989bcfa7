/** What tests read back from the audit log. */
import type { Executor } from '../../../db/client.ts';
import { auditLog } from '../../../db/schema.ts';

/** The actions written to the audit log, oldest first. */
export function auditActions(db: Executor): string[] {
  return db
    .select({ action: auditLog.action })
    .from(auditLog)
    .orderBy(auditLog.id)
    .all()
    .map((entry) => entry.action);
}
