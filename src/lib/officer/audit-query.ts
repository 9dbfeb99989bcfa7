/**
 * Reading the audit log for the officer console: newest first, paged,
 * filtered by action, officer and driver badge number.
 */
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { auditLog, drivers, users } from '../../../db/schema.ts';
import { listPage, listQuery, optionalParam, pageParam, type ListPage } from './list-page.ts';

export const AUDIT_PAGE_SIZE = 50;

/** The audit page's URL parameters; malformed values mean "no filter". */
export const auditFilterSchema = z.object({
  action: optionalParam(
    z
      .string()
      .trim()
      .max(64)
      .regex(/^[a-z_]+$/),
  ),
  officer: optionalParam(z.coerce.number().int().positive()),
  badge: optionalParam(z.string().trim().max(32)),
  driver: optionalParam(z.coerce.number().int().positive()),
  page: pageParam,
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Reads the audit filter from URL search parameters. */
export function parseAuditFilter(search: URLSearchParams): AuditFilter {
  return auditFilterSchema.parse(Object.fromEntries(search));
}

/** The query string for an audit filter, for paging links. */
export function auditQuery(filter: Partial<AuditFilter>): string {
  return listQuery(filter);
}

export interface AuditRow {
  id: number;
  at: number;
  action: string;
  detail: string;
  actorEmail: string | null;
  driverId: number | null;
  badgeNumber: string | null;
  driverName: string | null;
}

const actor = alias(users, 'actor');

function conditions(filter: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.action) parts.push(eq(auditLog.action, filter.action));
  if (filter.officer) parts.push(eq(auditLog.actorUserId, filter.officer));
  if (filter.driver) parts.push(eq(auditLog.driverId, filter.driver));
  if (filter.badge) parts.push(sql`upper(${drivers.badgeNumber}) = upper(${filter.badge})`);
  return parts.length ? and(...parts) : undefined;
}

/** One page of audit entries, newest first, and how many match. */
export function listAudit(filter: AuditFilter, db: Executor = getDb()): ListPage<AuditRow> {
  const where = conditions(filter);
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      detail: auditLog.detail,
      actorEmail: actor.email,
      driverId: auditLog.driverId,
      badgeNumber: drivers.badgeNumber,
      driverName: sql<string | null>`${drivers.forenames} || ' ' || ${drivers.surname}`,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorUserId))
    .leftJoin(drivers, eq(drivers.id, auditLog.driverId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((filter.page - 1) * AUDIT_PAGE_SIZE)
    .all();
  const total =
    db.select({ n: count() }).from(auditLog).leftJoin(drivers, eq(drivers.id, auditLog.driverId)).where(where).get()
      ?.n ?? 0;
  return listPage(rows, total, filter.page, AUDIT_PAGE_SIZE);
}

/** The actions that appear in the log, for the filter's choices. */
export function auditActions(db: Executor = getDb()): string[] {
  return db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .orderBy(auditLog.action)
    .all()
    .map((r) => r.action);
}

/** Everyone who has acted in the log, for the filter's choices. */
export function auditActors(db: Executor = getDb()): Array<{ id: number; email: string }> {
  return db
    .selectDistinct({ id: actor.id, email: actor.email })
    .from(auditLog)
    .innerJoin(actor, eq(actor.id, auditLog.actorUserId))
    .orderBy(actor.email)
    .all();
}
