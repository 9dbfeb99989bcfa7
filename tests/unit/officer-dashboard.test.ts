import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, memoryDb, openDatabase } from '../../db/client.ts';
import { currentDashboardFigures, dashboardFigures } from '../../src/lib/officer/dashboard.ts';
import {
  allFilteredDrivers,
  filterQuery,
  listDrivers,
  parseDriverFilter,
} from '../../src/lib/officer/drivers-query.ts';
import { auditQuery, parseAuditFilter } from '../../src/lib/officer/audit-query.ts';
import { statusParams } from '../../src/lib/officer/status-sql.ts';
import { addAccount, addDriver, addFaceToFace, addOnlineCertificate, addProgress } from './officer-fixtures.ts';

/**
 * A register of 10 drivers on 2016-09-10 (after the 2016-09-01 deadline):
 * 3 face to face (one of them in 2012, so expired), 2 online (plus one revoked
 * certificate that must not count), 1 started but overdue, the rest overdue;
 * and 2 applicants waiting.
 */
function knownRegister() {
  const db = memoryDb();
  const hackney = [
    addDriver(db, { licenceType: 'hackney_carriage' }),
    addDriver(db, { licenceType: 'hackney_carriage' }),
    addDriver(db, { licenceType: 'hackney_carriage' }),
  ];
  const privateHire = [addDriver(db), addDriver(db), addDriver(db), addDriver(db)];
  const dual = [
    addDriver(db, { licenceType: 'dual' }),
    addDriver(db, { licenceType: 'dual' }),
    addDriver(db, { licenceType: 'dual' }),
  ];
  addFaceToFace(db, hackney[0]!, '2016-03-01');
  addFaceToFace(db, hackney[1]!, '2016-04-15');
  addFaceToFace(db, dual[0]!, '2012-05-01');
  addOnlineCertificate(db, addAccount(db, privateHire[0]!), '2016-08-20');
  addOnlineCertificate(db, addAccount(db, privateHire[1]!), '2016-09-01');
  addOnlineCertificate(db, addAccount(db, privateHire[2]!), '2016-08-01', true);
  addProgress(db, addAccount(db, dual[1]!));
  addAccount(db, null, { applicant: true });
  addAccount(db, null, { applicant: true });
  return db;
}

const params = statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, '2016-09-10');

describe('dashboard figures', () => {
  it('counts a known register exactly, in total and by licence type', () => {
    const figures = dashboardFigures(params, knownRegister());
    expect(figures.totals).toEqual({
      total: 10,
      completed: 4,
      completedOnline: 2,
      completedFaceToFace: 2,
      inProgress: 0,
      notStarted: 0,
      overdue: 5,
      expired: 1,
    });
    const byType = Object.fromEntries(figures.byLicenceType.map((r) => [r.licenceType, r.counts]));
    expect(byType.hackney_carriage).toMatchObject({ total: 3, completed: 2, completedFaceToFace: 2, overdue: 1 });
    expect(byType.private_hire).toMatchObject({ total: 4, completed: 2, completedOnline: 2, overdue: 2 });
    expect(byType.dual).toMatchObject({ total: 3, completed: 0, expired: 1, overdue: 2 });
    expect(figures.applicantsWaiting).toBe(2);
    expect(figures.percentComplete).toBe(40);
    expect(figures.daysToDeadline).toBe(-9);
  });

  it('shows in-progress and not-started drivers, none overdue, on the deadline day', () => {
    const figures = dashboardFigures(
      statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, '2016-09-01'),
      knownRegister(),
    );
    expect(figures.totals).toMatchObject({ completed: 4, inProgress: 1, notStarted: 4, overdue: 0, expired: 1 });
    expect(figures.daysToDeadline).toBe(0);
  });

  it('charts each driver once, at their first completion, cumulatively by month up to today', () => {
    const figures = dashboardFigures(params, knownRegister());
    expect(figures.chart).toEqual([
      { month: '2012-05', completions: 1, cumulative: 1 },
      { month: '2016-03', completions: 1, cumulative: 2 },
      { month: '2016-04', completions: 1, cumulative: 3 },
      { month: '2016-08', completions: 1, cumulative: 4 },
      { month: '2016-09', completions: 1, cumulative: 5 },
    ]);
  });

  it('agrees with the drivers list behind each number', () => {
    const db = knownRegister();
    const figures = dashboardFigures(params, db);
    const count = (query: string) => listDrivers(parseDriverFilter(new URLSearchParams(query)), params, db).total;
    expect(count('status=overdue')).toBe(figures.totals.overdue);
    expect(count('status=completed&method=online')).toBe(figures.totals.completedOnline);
    expect(count('status=completed&method=face_to_face&licence=hackney_carriage')).toBe(2);
    expect(count('')).toBe(10);
  });
});

describe('dashboard figures from one request to the next', () => {
  it('counts a driver added by this process on the next request', () => {
    const db = knownRegister();
    const before = currentDashboardFigures(params, db).totals;
    expect(currentDashboardFigures(params, db)).toEqual(dashboardFigures(params, db));
    addDriver(db);
    expect(currentDashboardFigures(params, db).totals).toMatchObject({
      total: before.total + 1,
      overdue: before.overdue + 1,
    });
  });

  it('counts a driver added by another process (an import on the command line) on the next request', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'portal-dashboard-')), 'portal.db');
    const server = openDatabase(path);
    applyMigrations(server);
    const commandLine = openDatabase(path);
    addDriver(server);
    expect(currentDashboardFigures(params, server).totals.total).toBe(1);
    addDriver(commandLine);
    expect(currentDashboardFigures(params, server).totals.total).toBe(2);
    server.$client.close();
    commandLine.$client.close();
  });

  it('works the figures out again on a new day', () => {
    const db = knownRegister();
    expect(currentDashboardFigures(params, db).daysToDeadline).toBe(-9);
    const nextDay = statusParams({ deadline: '2016-09-01', refresherMonths: 36 }, '2016-09-11');
    expect(currentDashboardFigures(nextDay, db).daysToDeadline).toBe(-10);
  });
});

describe('drivers list', () => {
  it('pages 50 at a time with the range shown', () => {
    const db = memoryDb();
    for (let i = 0; i < 120; i += 1) addDriver(db, { surname: `Name${String(i).padStart(3, '0')}` });
    const page2 = listDrivers(parseDriverFilter(new URLSearchParams('page=2')), params, db);
    expect(page2).toMatchObject({ total: 120, from: 51, to: 100, pageCount: 3 });
    expect(page2.rows[0]?.surname).toBe('Name050');
    const past = listDrivers(parseDriverFilter(new URLSearchParams('page=9')), params, db);
    expect(past).toMatchObject({ total: 120, rows: [], from: 0 });
  });

  it('searches by badge prefix or name, treating % and _ literally', () => {
    const db = memoryDb();
    addDriver(db, { surname: 'Smith', forenames: 'Anna', badge: 'HC1001' });
    addDriver(db, { surname: 'Smithers', forenames: 'Bob', badge: 'PH2002' });
    addDriver(db, { surname: 'Jones', forenames: 'Anna Maria', badge: 'PH3003' });
    const names = (q: string) =>
      listDrivers(parseDriverFilter(new URLSearchParams({ q })), params, db).rows.map((r) => r.surname);
    expect(names('smith')).toEqual(['Smith', 'Smithers']);
    expect(names('hc10')).toEqual(['Smith']);
    expect(names('anna maria')).toEqual(['Jones']);
    expect(names('%')).toEqual([]);
  });

  it('finds names by the start of any word, without case or accents, and follows a change of name', () => {
    const db = memoryDb();
    const zoe = addDriver(db, { surname: 'Ó Súilleabháin-Łukasiewicz', forenames: 'Zoë', badge: 'HC1001' });
    addDriver(db, { surname: 'Oyelaran', forenames: 'Chidi', badge: 'PH2002' });
    addDriver(db, { surname: "O'Brien", forenames: 'Siobhán', badge: 'PH3003' });
    const names = (q: string) =>
      listDrivers(parseDriverFilter(new URLSearchParams({ q })), params, db).rows.map((r) => r.forenames);
    expect(names('zoe')).toEqual(['Zoë']);
    expect(names('SUILLEABHAIN')).toEqual(['Zoë']);
    expect(names('łukas')).toEqual(['Zoë']);
    expect(names('zoe o suil')).toEqual(['Zoë']);
    expect(names("o'brien")).toEqual(['Siobhán']);
    expect(names('siobhan o')).toEqual(['Siobhán']);
    expect(names('oyel')).toEqual(['Chidi']);
    expect(names('"')).toEqual([]);

    db.$client.prepare(`UPDATE drivers SET surname = 'Kowalczyk' WHERE id = ?`).run(zoe);
    expect(names('suilleabhain')).toEqual([]);
    expect(names('kowal')).toEqual(['Zoë']);
    db.$client.prepare(`DELETE FROM drivers WHERE id = ?`).run(zoe);
    expect(names('kowal')).toEqual([]);
  });

  it('pages by status, most urgent first then by name, exactly as the export orders the whole list', () => {
    const db = memoryDb();
    for (let i = 0; i < 160; i += 1) {
      const driverId = addDriver(db, {
        surname: `Name${String((i * 37) % 160).padStart(3, '0')}`,
        licenceType: i % 2 ? 'dual' : 'private_hire',
      });
      if (i % 4 === 1) addFaceToFace(db, driverId, '2016-03-01');
      if (i % 4 === 2) addFaceToFace(db, driverId, '2012-05-01');
      if (i % 8 === 3) addProgress(db, addAccount(db, driverId));
    }
    for (const query of [
      'sort=status',
      'sort=status&licence=dual',
      'sort=status&q=Name1',
      'sort=status&status=expired',
    ]) {
      const filter = parseDriverFilter(new URLSearchParams(query));
      const first = listDrivers(filter, params, db);
      const pages = [first];
      for (let page = 2; page <= first.pageCount; page += 1) pages.push(listDrivers({ ...filter, page }, params, db));
      const paged = pages.flatMap((p) => p.rows.map((r) => r.id));
      expect(paged).toEqual(allFilteredDrivers(filter, params, db).map((r) => r.id));
      expect(first.total).toBe(paged.length);
    }
    const statuses = listDrivers(parseDriverFilter(new URLSearchParams('sort=status&page=2')), params, db).rows.map(
      (r) => r.status,
    );
    expect(new Set(statuses)).toEqual(new Set(['overdue', 'expired']));
  });

  it('ignores malformed filter values instead of failing', () => {
    const filter = parseDriverFilter(new URLSearchParams('status=bogus&licence=x&sort=evil&page=-3'));
    expect(filter).toMatchObject({ status: undefined, licence: undefined, sort: 'name', page: 1 });
  });

  it('writes a filter back as the shortest address that reads to the same filter', () => {
    const filter = parseDriverFilter(new URLSearchParams('q=Zoë O&status=overdue&sort=name&page=1&method='));
    expect(filterQuery(filter)).toBe('?q=Zo%C3%AB+O&status=overdue');
    expect(filterQuery({ ...filter, sort: 'badge', page: 3 })).toBe('?q=Zo%C3%AB+O&status=overdue&sort=badge&page=3');
    expect(parseDriverFilter(new URLSearchParams(filterQuery({ ...filter, page: 3 })))).toEqual({ ...filter, page: 3 });
    expect(filterQuery(parseDriverFilter(new URLSearchParams()))).toBe('');
    const audit = parseAuditFilter(new URLSearchParams('action=driver_erased&badge=&page=2'));
    expect(auditQuery(audit)).toBe('?action=driver_erased&page=2');
  });
});
