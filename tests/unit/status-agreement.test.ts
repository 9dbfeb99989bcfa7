import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { config } from '../../src/lib/config.ts';
import { seededDemoDb } from './support/demo.ts';
import { driverStatusSelect, statusParams } from '../../src/lib/officer/status-sql.ts';
import { statusForUser } from '../../src/lib/training/facts.ts';

const SEEDED_ON = '2016-08-01';

describe('the driver sees the status the officer sees', () => {
  it('agrees for every demo driver with an account, before and after the deadline and once completions expire', async () => {
    const db = await seededDemoDb(SEEDED_ON);
    const accounts = db.$client
      .prepare('select id as userId, driver_id as driverId from users where driver_id is not null')
      .all() as Array<{ userId: number; driverId: number }>;
    expect(accounts.length).toBeGreaterThan(100);
    const settings = { deadline: config.deadline, refresherMonths: config.refresherMonths };
    const days = [SEEDED_ON, '2016-09-02', '2019-08-02', '2030-01-01'];
    const seen = new Set<string>();
    for (const day of days) {
      const officer = new Map(
        db
          .all<{ id: number; status: string }>(
            sql`SELECT id, status FROM (${driverStatusSelect(statusParams(settings, day))})`,
          )
          .map((r) => [r.id, r.status]),
      );
      for (const { userId, driverId } of accounts) {
        const own = statusForUser(userId, db, day);
        seen.add(own);
        expect({ driverId, day, status: own }).toEqual({ driverId, day, status: officer.get(driverId) });
      }
    }
    // The comparison covers more than one kind of driver.
    expect(seen.size).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
