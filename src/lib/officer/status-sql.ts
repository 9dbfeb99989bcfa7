/**
 * Every register row's training status, computed in SQL so the dashboard,
 * the drivers list and the export stay fast at 100,000 drivers. The rules
 * are those of `deriveStatus` in src/lib/training/status.ts; a unit test
 * checks the two agree over a matrix of facts and dates.
 *
 * A register row is a licensed driver, so the deadline always applies to it
 * (applicants have no register row until an officer links them).
 */
import { addDays, addMonths, format, parseISO, subMonths } from 'date-fns';
import { sql, type SQL } from 'drizzle-orm';
import { today } from '../clock.ts';
import { config } from '../config.ts';
import type { StatusSettings } from '../training/status.ts';

/** The dates the status SQL compares against, worked out once per query. */
export interface StatusParams {
  today: string;
  deadline: string;
  /**
   * The latest completion date that has expired by today, or null when
   * completions never expire. A completion on or before it is `expired`.
   */
  expiredOnOrBefore: string | null;
}

const iso = (d: Date) => format(d, 'yyyy-MM-dd');

/**
 * The latest completion date C with `addMonths(C, months) <= today`.
 * `today - months` is the first guess; at month ends date-fns clamps
 * (31 August + 6 months = 28 February), so up to three later days may also
 * have expired, and the loop steps on to the last one that has.
 */
export function expiryThreshold(today: string, refresherMonths: number): string | null {
  if (refresherMonths <= 0) return null;
  const todayDate = parseISO(today);
  let threshold = subMonths(todayDate, refresherMonths);
  while (addMonths(addDays(threshold, 1), refresherMonths) <= todayDate) threshold = addDays(threshold, 1);
  return iso(threshold);
}

/** The parameters for the status SQL from the settings and today's date (YYYY-MM-DD). */
export function statusParams(settings: StatusSettings, today: string): StatusParams {
  return { today, deadline: settings.deadline, expiredOnOrBefore: expiryThreshold(today, settings.refresherMonths) };
}

/**
 * Adds `last_completed_on`, `method` (`online`, `face_to_face` or null) and
 * `status` to every row of `source`, a `SELECT` with the columns
 * `online_on`, `face_to_face_on` and `has_started`. SQLite flattens these
 * sub-selects into the caller's query, so a caller's `ORDER BY … LIMIT` can
 * still walk an index and stop early.
 */
function withStatus(params: StatusParams, source: SQL): SQL {
  const expired = params.expiredOnOrBefore === null ? sql`0` : sql`last_completed_on <= ${params.expiredOnOrBefore}`;
  return sql`
    SELECT completion.*,
      CASE
        WHEN last_completed_on IS NOT NULL AND ${expired} THEN 'expired'
        WHEN last_completed_on IS NOT NULL THEN 'completed'
        WHEN ${params.today} > ${params.deadline} THEN 'overdue'
        WHEN has_started THEN 'in_progress'
        ELSE 'not_started'
      END AS status
    FROM (
      SELECT facts.*,
        CASE
          WHEN online_on IS NULL AND face_to_face_on IS NULL THEN NULL
          WHEN face_to_face_on IS NULL OR online_on > face_to_face_on THEN online_on
          ELSE face_to_face_on
        END AS last_completed_on,
        CASE
          WHEN online_on IS NULL AND face_to_face_on IS NULL THEN NULL
          WHEN face_to_face_on IS NULL OR online_on > face_to_face_on THEN 'online'
          ELSE 'face_to_face'
        END AS method
      FROM (${source}) facts
    ) completion`;
}

/**
 * A `SELECT` producing one row per register row that matches `where`
 * (a condition on `d`, the drivers table), with the register columns plus:
 * `user_id`, `email`, `disabled_at` of the linked account; `online_on` and
 * `face_to_face_on`, the latest completion of each kind; `last_completed_on`; `has_started` (0/1); `method` (`online`,
 * `face_to_face` or null) and `status`.
 *
 * Completions are non-revoked certificates held by the driver's register row
 * or account, and recorded face-to-face sessions. Those facts are kept per
 * driver in `driver_training_facts` by triggers (see its migration), so this
 * reads one row per driver: the dashboard and list stay fast at 100,000.
 */
export function driverStatusSelect(params: StatusParams, where: SQL = sql`1 = 1`): SQL {
  return withStatus(
    params,
    sql`SELECT d.id, d.badge_number, d.surname, d.forenames, d.licence_type, d.licence_expiry,
        u.id AS user_id, u.email AS email, u.disabled_at AS disabled_at,
        t.online_on, t.face_to_face_on, coalesce(t.has_started, 0) AS has_started
      FROM drivers d
      LEFT JOIN users u ON u.driver_id = d.id
      LEFT JOIN driver_training_facts t ON t.driver_id = d.id
      WHERE ${where}`,
  );
}

/**
 * The register grouped by licence type and training facts, one row per
 * distinct (`licence_type`, `online_on`, `face_to_face_on`, `has_started`)
 * with `n`, the number of drivers sharing them, plus `last_completed_on`,
 * `method` and `status`, for the register rows matching `where` (a condition
 * on `t`, which has the facts columns and `licence_type`). The group sizes
 * come from `driver_fact_counts`, kept by triggers on `driver_training_facts`,
 * so this reads a few thousand rows however many drivers there are; the
 * status is still worked out here, for today, once per group.
 */
export function groupedStatusSelect(params: StatusParams, where: SQL = sql`1 = 1`): SQL {
  return withStatus(
    params,
    sql`SELECT t.licence_type, t.online_on, t.face_to_face_on, t.has_started, sum(t.n) AS n
      FROM driver_fact_counts t WHERE ${where}
      GROUP BY t.licence_type, t.online_on, t.face_to_face_on, t.has_started`,
  );
}

/** The parameters for today under the configured deadline and refresher period. */
export function currentStatusParams(): StatusParams {
  return statusParams({ deadline: config.deadline, refresherMonths: config.refresherMonths }, today());
}
