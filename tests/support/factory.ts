/**
 * The one typed way tests, e2e journeys and benchmarks put a driver on the licensing register. Works on a
 * raw better-sqlite3 connection (unit tests pass `db.$client`), so the e2e process can use the server's file.
 */
import type Database from 'better-sqlite3';
import type { LicenceType } from '../../db/schema.ts';

/** A register row; everything but the badge number has a plain default. */
export interface DriverFacts {
  badgeNumber: string;
  surname?: string;
  forenames?: string;
  licenceType?: LicenceType;
  licenceExpiry?: string;
  dateOfBirth?: string | null;
  /** When the row was created and updated (Unix ms); 0 unless the test cares. */
  at?: number;
}

// Prepared once per connection: the officer benchmark inserts 100,000 rows.
const statements = new WeakMap<Database.Database, Database.Statement>();

/** Inserts a register row and returns its id. */
export function insertDriver(sqlite: Database.Database, facts: DriverFacts): number {
  let insert = statements.get(sqlite);
  if (!insert) {
    insert = sqlite.prepare(
      `insert into drivers (badge_number, surname, forenames, licence_type, licence_expiry, date_of_birth, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    statements.set(sqlite, insert);
  }
  const at = facts.at ?? 0;
  return Number(
    insert.run(
      facts.badgeNumber,
      facts.surname ?? 'Surname',
      facts.forenames ?? 'Test',
      facts.licenceType ?? 'private_hire',
      facts.licenceExpiry ?? '2030-01-01',
      facts.dateOfBirth ?? null,
      at,
      at,
    ).lastInsertRowid,
  );
}
