import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { dashboardFigures, type StatusCounts } from '../../src/lib/officer/dashboard.ts';
import { driverStatusSelect, statusParams } from '../../src/lib/officer/status-sql.ts';
import { addAccount, addDriver, addFaceToFace, addOnlineCertificate, addProgress } from './officer-fixtures.ts';

const FACTS = 'licence_type, online_on, face_to_face_on, has_started, first_completed_on';
const DATES = ['2016-08-15', '2016-09-01', '2016-09-10', '2019-03-02', '2019-09-30'];

/** The dashboard's figures worked out the slow way: every driver's own status, added up here. */
function figuresDriverByDriver(db: Db, today: string) {
  const params = statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, today);
  const rows = db.all<{ licence_type: string; status: string; method: string | null }>(driverStatusSelect(params));
  const count = (of: typeof rows): StatusCounts => ({
    total: of.length,
    completed: of.filter((r) => r.status === 'completed').length,
    completedOnline: of.filter((r) => r.status === 'completed' && r.method === 'online').length,
    completedFaceToFace: of.filter((r) => r.status === 'completed' && r.method === 'face_to_face').length,
    inProgress: of.filter((r) => r.status === 'in_progress').length,
    notStarted: of.filter((r) => r.status === 'not_started').length,
    overdue: of.filter((r) => r.status === 'overdue').length,
    expired: of.filter((r) => r.status === 'expired').length,
  });
  const types = [...new Set(rows.map((r) => r.licence_type))].sort();
  const firsts = db.all<{ month: string; n: number }>(
    sql`SELECT substr(first_completed_on, 1, 7) AS month, count(*) AS n FROM driver_training_facts
        WHERE first_completed_on <= ${today} GROUP BY month ORDER BY month`,
  );
  return {
    totals: count(rows),
    byLicenceType: types.map((t) => ({ licenceType: t, counts: count(rows.filter((r) => r.licence_type === t)) })),
    chart: firsts.map((r) => ({ month: r.month, completions: r.n })),
  };
}

function expectCountsAgree(db: Db) {
  expect(db.all(sql.raw(`SELECT ${FACTS}, n FROM driver_fact_counts ORDER BY ${FACTS}`))).toEqual(
    db.all(sql.raw(`SELECT ${FACTS}, count(*) AS n FROM driver_training_facts GROUP BY ${FACTS} ORDER BY ${FACTS}`)),
  );
  expect(db.get<{ zero: number }>(sql`SELECT count(*) AS zero FROM driver_fact_counts WHERE n <= 0`)?.zero).toBe(0);
  for (const today of DATES) {
    const figures = dashboardFigures(statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, today), db);
    const slow = figuresDriverByDriver(db, today);
    expect(figures.totals).toEqual(slow.totals);
    expect([...figures.byLicenceType].sort((a, b) => a.licenceType.localeCompare(b.licenceType))).toEqual(
      slow.byLicenceType,
    );
    expect(figures.chart.map(({ month, completions }) => ({ month, completions }))).toEqual(slow.chart);
  }
}

describe('the dashboard counts kept by triggers', () => {
  it('agree with the driver-by-driver status after every kind of insert, update and delete', () => {
    const db = memoryDb();
    const run = (statement: string, ...args: unknown[]) => db.$client.prepare(statement).run(...args);
    expectCountsAgree(db);

    const hackney = [1, 2, 3].map(() => addDriver(db, { licenceType: 'hackney_carriage' }));
    const privateHire = [1, 2, 3, 4].map(() => addDriver(db));
    const dual = addDriver(db, { licenceType: 'dual' });
    expectCountsAgree(db);

    addFaceToFace(db, hackney[0]!, '2016-03-01');
    addFaceToFace(db, hackney[1]!, '2016-03-01');
    addFaceToFace(db, dual, '2013-05-01');
    const online = privateHire.map((id) => addAccount(db, id));
    addOnlineCertificate(db, online[0]!, '2016-08-20');
    addOnlineCertificate(db, online[1]!, '2016-08-20');
    addOnlineCertificate(db, online[2]!, '2016-08-01', true);
    addProgress(db, online[3]!);
    expectCountsAgree(db);

    // A later online completion for a face-to-face driver: same first completion, new latest.
    addOnlineCertificate(db, addAccount(db, hackney[0]!), '2016-09-05');
    // A revoked certificate stops counting; a renewed face-to-face session replaces an expired one.
    run(`UPDATE certificates SET revoked_at = 1 WHERE user_id = ? AND revoked_at IS NULL`, online[1]);
    addFaceToFace(db, dual, '2016-10-01');
    // A licence type changes, a session is moved, another deleted, a certificate deleted.
    run(`UPDATE drivers SET licence_type = 'dual' WHERE id = ?`, privateHire[0]);
    run(`UPDATE face_to_face_sessions SET session_date = '2016-02-01' WHERE driver_id = ?`, hackney[1]);
    run(`DELETE FROM face_to_face_sessions WHERE driver_id = ? AND session_date = '2013-05-01'`, dual);
    run(`DELETE FROM certificates WHERE user_id = ?`, online[0]);
    expectCountsAgree(db);

    // A register row leaves: its facts row goes with it, and so does its share of the counts.
    run(`DELETE FROM drivers WHERE id = ?`, hackney[2]);
    run(`DELETE FROM face_to_face_sessions WHERE driver_id = ?`, hackney[1]);
    run(`DELETE FROM drivers WHERE id = ?`, hackney[1]);
    expectCountsAgree(db);
    expect(
      dashboardFigures(statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, '2016-09-10'), db).totals,
    ).toMatchObject({ total: 6 });
  });
});
