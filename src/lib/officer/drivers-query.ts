/**
 * The drivers list: search, filter, sort and page over the register with
 * each row's status from SQL. The list page and the CSV export read the same
 * filter from the URL, so an export is exactly the list an officer sees.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { type Db, type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { LICENCE_TYPES } from '../../../db/schema.ts';
import { STATUSES, type DriverStatus } from '../training/status.ts';
import { driverStatusSelect, groupedStatusSelect, type StatusParams } from './status-sql.ts';
import { blankToUndefined, listPage, listQuery, optionalParam, pageParam, type ListPage } from './list-page.ts';

/** The licence types a list can be filtered by: every type the register holds. */
export { LICENCE_TYPES };

export const DRIVER_SORTS = ['name', 'badge', 'status', 'expiry'] as const;
export type DriverSort = (typeof DRIVER_SORTS)[number];
export const COMPLETION_METHODS = ['online', 'face_to_face'] as const;
export const PAGE_SIZE = 50;

/** The list's URL parameters. Anything malformed falls back to "no filter" rather than an error page. */
export const driverFilterSchema = z.object({
  q: optionalParam(z.string().trim().max(100)),
  status: optionalParam(z.enum(STATUSES)),
  licence: optionalParam(z.enum(LICENCE_TYPES)),
  method: optionalParam(z.enum(COMPLETION_METHODS)),
  sort: z.preprocess(blankToUndefined, z.enum(DRIVER_SORTS).default('name')).catch('name'),
  page: pageParam,
});
export type DriverFilter = z.infer<typeof driverFilterSchema>;

/** Reads a filter from URL search parameters. */
export function parseDriverFilter(search: URLSearchParams): DriverFilter {
  return driverFilterSchema.parse(Object.fromEntries(search));
}

/** The query string for a filter (defaults left out), for links and the export. */
export function filterQuery(filter: Partial<DriverFilter>): string {
  return listQuery(filter, { sort: 'name' });
}

/** One row of the list or export. */
export interface DriverListRow {
  id: number;
  badge_number: string;
  surname: string;
  forenames: string;
  licence_type: string;
  licence_expiry: string;
  user_id: number | null;
  email: string | null;
  disabled_at: number | null;
  online_on: string | null;
  face_to_face_on: string | null;
  last_completed_on: string | null;
  method: 'online' | 'face_to_face' | null;
  has_started: number;
  status: DriverStatus;
}

/** Past every character, so `badge >= q AND badge < q + AFTER_ALL` is "starts with q". */
const AFTER_ALL = '\u{10ffff}';

/**
 * Who a search finds: a badge number starting with the text (without case), or a name with a word starting
 * with it, and any further words of the text as the words that follow, without case or accents ("zoe ó s" finds
 * Zoë Ó Súilleabháin). Both are index look-ups (`drivers_badge_nocase_idx` and the `driver_name_search`
 * full-text table of migration 0012), so a search costs what it finds, not the size of the register. Characters
 * other than letters and digits only separate words; a text without letters or digits matches badges alone.
 */
function searchMatches(q: string): SQL {
  const matches = [
    sql`SELECT id FROM drivers WHERE badge_number COLLATE NOCASE >= ${q}
      AND badge_number COLLATE NOCASE < ${q + AFTER_ALL}`,
  ];
  // The text as one FTS5 phrase (a double quote inside is doubled), its last word a prefix.
  if (/[\p{L}\p{N}]/u.test(q))
    matches.push(
      sql`SELECT rowid FROM driver_name_search WHERE driver_name_search MATCH ${`"${q.replace(/"/g, '""')}" *`}`,
    );
  return sql.join(matches, sql` UNION `);
}

/** Conditions on the register row itself, applied before any status is worked out. */
function registerWhere(filter: DriverFilter): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (filter.q) parts.push(sql`d.id IN (${searchMatches(filter.q)})`);
  if (filter.licence) parts.push(sql`d.licence_type = ${filter.licence}`);
  return sql.join(parts, sql` AND `);
}

/** Conditions on the derived status. */
function statusWhere(filter: DriverFilter): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (filter.status) parts.push(sql`status = ${filter.status}`);
  if (filter.method) parts.push(sql`method = ${filter.method}`);
  return sql.join(parts, sql` AND `);
}

/** Most urgent first when sorting by status. */
const STATUS_SORT_ORDER: readonly DriverStatus[] = ['overdue', 'expired', 'not_started', 'in_progress', 'completed'];
const STATUS_RANK = sql`CASE status ${sql.join(
  STATUS_SORT_ORDER.map((status, rank) => sql`WHEN ${status} THEN ${rank}`),
  sql` `,
)} END`;

function orderBy(sort: DriverSort): SQL {
  switch (sort) {
    case 'badge':
      return sql`badge_number, id`;
    case 'status':
      return sql`${STATUS_RANK}, surname COLLATE NOCASE, forenames COLLATE NOCASE, id`;
    case 'expiry':
      return sql`licence_expiry, surname COLLATE NOCASE, forenames COLLATE NOCASE, id`;
    case 'name':
      return sql`surname COLLATE NOCASE, forenames COLLATE NOCASE, id`;
  }
}

function filteredSelect(filter: DriverFilter, params: StatusParams): SQL {
  return sql`SELECT * FROM (${driverStatusSelect(params, registerWhere(filter))}) WHERE ${statusWhere(filter)}`;
}

export type DriverPage = ListPage<DriverListRow>;

/**
 * One page of the filtered, sorted list, with the total the filter matches.
 * The page and the counts are separate queries: with no window count over
 * every match, a name or badge sort walks its index and stops after the page.
 */
export function listDrivers(filter: DriverFilter, params: StatusParams, db: Executor = getDb()): DriverPage {
  const offset = (filter.page - 1) * PAGE_SIZE;
  const counts = countsByStatus(filter, params, db);
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const rows =
    filter.sort === 'status'
      ? statusSortedPage(filter, params, counts, offset, db)
      : db.all<DriverListRow>(
          sql`${filteredSelect(filter, params)} ORDER BY ${orderBy(filter.sort)} LIMIT ${PAGE_SIZE} OFFSET ${offset}`,
        );
  return listPage(rows, total, filter.page, PAGE_SIZE);
}

/**
 * A page sorted by status, then name. Sorting on the computed status would
 * sort every driver; instead the per-status counts say which statuses the
 * page falls in, and each of those is read in name order (walking the name
 * index) with its own offset and limit.
 */
function statusSortedPage(
  filter: DriverFilter,
  params: StatusParams,
  counts: Map<DriverStatus, number>,
  offset: number,
  db: Executor,
): DriverListRow[] {
  const rows: DriverListRow[] = [];
  let skip = offset;
  for (const status of STATUS_SORT_ORDER) {
    const n = counts.get(status) ?? 0;
    if (skip >= n) {
      skip -= n;
      continue;
    }
    rows.push(
      ...db.all<DriverListRow>(
        sql`${filteredSelect({ ...filter, status }, params)} ORDER BY ${orderBy('name')}
            LIMIT ${PAGE_SIZE - rows.length} OFFSET ${skip}`,
      ),
    );
    skip = 0;
    if (rows.length === PAGE_SIZE) break;
  }
  return rows;
}

/**
 * How many register rows the filter matches, per status (statuses with none
 * left out). Without a search the filter needs only the facts table (which
 * carries the licence type), so the counts add up groups of drivers sharing
 * the same facts instead of joining and working out every driver's status.
 */
function countsByStatus(filter: DriverFilter, params: StatusParams, db: Executor): Map<DriverStatus, number> {
  const query = filter.q
    ? sql`SELECT status, count(*) AS n FROM (${filteredSelect(filter, params)}) GROUP BY status`
    : sql`SELECT status, sum(n) AS n
          FROM (${groupedStatusSelect(params, filter.licence ? sql`t.licence_type = ${filter.licence}` : undefined)})
          WHERE ${statusWhere(filter)} GROUP BY status`;
  return new Map(db.all<{ status: DriverStatus; n: number }>(query).map((r) => [r.status, r.n]));
}

/**
 * The same rows one at a time, straight from SQLite, for an export that streams: memory stays flat
 * however many drivers match. The connection is busy until the iteration ends, so pass a connection
 * of its own (`openReader`).
 */
export function iterateFilteredDrivers(
  filter: DriverFilter,
  params: StatusParams,
  db: Db,
): IterableIterator<DriverListRow> {
  const query = new SQLiteSyncDialect().sqlToQuery(
    sql`${filteredSelect(filter, params)} ORDER BY ${orderBy(filter.sort)}`,
  );
  return db.$client.prepare(query.sql).iterate(...query.params) as IterableIterator<DriverListRow>;
}

/** Every row the filter matches, in list order (the export). */
export function allFilteredDrivers(
  filter: DriverFilter,
  params: StatusParams,
  db: Executor = getDb(),
): DriverListRow[] {
  return db.all<DriverListRow>(sql`${filteredSelect(filter, params)} ORDER BY ${orderBy(filter.sort)}`);
}
