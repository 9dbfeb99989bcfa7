/**
 * The dashboard's figures. Every count adds up the group sizes kept in
 * `driver_fact_counts` (one row per combination of dated facts, kept by
 * triggers), with each group's status worked out for today by the status SQL,
 * so the page reads a few thousand rows whether there are 1,000 drivers or 300,000.
 */
import { differenceInCalendarDays, parseISO } from 'date-fns';
import { sql } from 'drizzle-orm';
import { type Db, type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { preparedOnce } from '../prepared.ts';
import { groupedStatusSelect, type StatusParams } from './status-sql.ts';

export interface StatusCounts {
  total: number;
  completed: number;
  completedOnline: number;
  completedFaceToFace: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  expired: number;
}

export interface CompletionPoint {
  /** Calendar month, `YYYY-MM`. */
  month: string;
  /** Drivers whose first completion fell in that month. */
  completions: number;
  /** Drivers who had completed at least once by the end of that month. */
  cumulative: number;
}

export interface DashboardFigures {
  totals: StatusCounts;
  byLicenceType: Array<{ licenceType: string; counts: StatusCounts }>;
  applicantsWaiting: number;
  /** Completed (in date) as a whole per cent of licensed drivers. */
  percentComplete: number;
  /** Positive before the deadline, 0 on it, negative after. */
  daysToDeadline: number;
  chart: CompletionPoint[];
}

interface CountsRow {
  licence_type: string | null;
  total: number;
  completed: number;
  completed_online: number;
  completed_face_to_face: number;
  in_progress: number;
  not_started: number;
  overdue: number;
  expired: number;
}

const toCounts = (r: CountsRow): StatusCounts => ({
  total: r.total,
  completed: r.completed ?? 0,
  completedOnline: r.completed_online ?? 0,
  completedFaceToFace: r.completed_face_to_face ?? 0,
  inProgress: r.in_progress ?? 0,
  notStarted: r.not_started ?? 0,
  overdue: r.overdue ?? 0,
  expired: r.expired ?? 0,
});

/**
 * Status counts per licence type, then a row for the whole register (licence
 * type null). The sums add up the groups of drivers sharing the same facts
 * (see `groupedStatusSelect`), so SQLite neither joins the drivers nor works
 * out a status per driver; the total row adds up the few per-type rows.
 */
export function statusCounts(params: StatusParams, db: Executor = getDb()): CountsRow[] {
  return db.all<CountsRow>(sql`
    WITH per_type AS MATERIALIZED (
      SELECT licence_type, sum(n) AS total,
        sum(n * (status = 'completed')) AS completed,
        sum(n * (status = 'completed' AND method = 'online')) AS completed_online,
        sum(n * (status = 'completed' AND method = 'face_to_face')) AS completed_face_to_face,
        sum(n * (status = 'in_progress')) AS in_progress,
        sum(n * (status = 'not_started')) AS not_started,
        sum(n * (status = 'overdue')) AS overdue,
        sum(n * (status = 'expired')) AS expired
      FROM (${groupedStatusSelect(params)}) GROUP BY licence_type
    )
    SELECT * FROM per_type
    UNION ALL
    SELECT NULL, coalesce(sum(total), 0), sum(completed), sum(completed_online), sum(completed_face_to_face),
      sum(in_progress), sum(not_started), sum(overdue), sum(expired)
    FROM per_type`);
}

/**
 * Cumulative first completions by month, up to today. A driver counts once,
 * from their earliest completion (face to face, or a certificate that has
 * not been revoked), so the line can never pass the number of drivers.
 */
export function completionsByMonth(today: string, db: Executor = getDb()): CompletionPoint[] {
  return db.all<CompletionPoint>(sql`
    SELECT month, completions, sum(completions) OVER (ORDER BY month) AS cumulative FROM (
      SELECT substr(first_completed_on, 1, 7) AS month, sum(n) AS completions
      FROM driver_fact_counts WHERE first_completed_on <= ${today} GROUP BY month
    ) ORDER BY month`);
}

/** Registered applicants still waiting to be linked to a register row. */
export function applicantsWaiting(db: Executor = getDb()): number {
  return (
    db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM users WHERE role = 'driver' AND is_applicant = 1 AND driver_id IS NULL AND disabled_at IS NULL`,
    )?.n ?? 0
  );
}

/** Everything the dashboard shows. */
export function dashboardFigures(params: StatusParams, db: Executor = getDb()): DashboardFigures {
  const rows = statusCounts(params, db);
  const totalRow = rows.find((r) => r.licence_type === null);
  const totals = totalRow ? toCounts(totalRow) : toCounts({ licence_type: null, total: 0 } as CountsRow);
  return {
    totals,
    byLicenceType: rows
      .filter((r): r is CountsRow & { licence_type: string } => r.licence_type !== null)
      .map((r) => ({ licenceType: r.licence_type, counts: toCounts(r) })),
    applicantsWaiting: applicantsWaiting(db),
    percentComplete: totals.total ? Math.floor((totals.completed / totals.total) * 100) : 0,
    daysToDeadline: differenceInCalendarDays(parseISO(params.deadline), parseISO(params.today)),
    chart: completionsByMonth(params.today, db),
  };
}

/**
 * What the database has been through: `total_changes()` counts the rows this connection has written, and
 * `data_version` moves whenever another connection (an import or the command line, in another process) commits.
 */
const databaseState = preparedOnce((db) =>
  db.$client.prepare<[], { changes: number; version: number }>(
    `SELECT total_changes() AS changes, (SELECT data_version FROM pragma_data_version) AS version`,
  ),
);

const lastFigures = new WeakMap<Db, { key: string; figures: DashboardFigures }>();

/**
 * The dashboard's figures, reused from the last request while nothing can have changed them: the same
 * dates (today, the deadline) and no write to the database since, by this process or any other. They
 * are then exactly what `dashboardFigures` would return, without its queries (about 2.5 ms of the page
 * on the demo register); the first request after any write works them out afresh.
 */
export function currentDashboardFigures(params: StatusParams, db: Db = getDb()): DashboardFigures {
  const { changes, version } = databaseState(db).get()!;
  const key = `${params.today}|${params.deadline}|${params.expiredOnOrBefore}|${changes}|${version}`;
  const last = lastFigures.get(db);
  if (last?.key === key) return last.figures;
  const figures = dashboardFigures(params, db);
  lastFigures.set(db, { key, figures });
  return figures;
}
