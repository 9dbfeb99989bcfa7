import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memoryDb } from '../../db/client.ts';
import { drivers } from '../../db/schema.ts';
import { addDriver } from './officer-fixtures.ts';

/** The connection reuses a prepared statement for SQL it has run before (`withStatementCache` in db/client.ts). */
describe('queries asked again', () => {
  it('answers with rows as objects after the same SQL was asked for as arrays', () => {
    const db = memoryDb();
    addDriver(db, { surname: 'Okafor' });
    const query = sql`SELECT surname FROM drivers`;
    expect(db.values(query)).toEqual([['Okafor']]);
    expect(db.all(query)).toEqual([{ surname: 'Okafor' }]);
    expect(db.select({ surname: drivers.surname }).from(drivers).all()).toEqual([{ surname: 'Okafor' }]);
    expect(db.all(query)).toEqual([{ surname: 'Okafor' }]);
  });

  it('sees rows written since, and none of a transaction that was rolled back', () => {
    const db = memoryDb();
    const count = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM drivers`)!.n;
    expect(count()).toBe(0);
    addDriver(db);
    expect(count()).toBe(1);
    expect(() =>
      db.transaction(() => {
        addDriver(db);
        expect(count()).toBe(2);
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(count()).toBe(1);
  });
});
