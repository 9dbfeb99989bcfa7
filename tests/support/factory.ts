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
  /** Contact details on the register, each absent (NULL) unless given. */
  email?: string | null;
  mobile?: string | null;
  addressLine1?: string | null;
  town?: string | null;
  postcode?: string | null;
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
      `insert into drivers (badge_number, surname, forenames, licence_type, licence_expiry, date_of_birth, email, mobile,
         address_line_1, town, postcode, created_at, updated_at)
       values (@badgeNumber, @surname, @forenames, @licenceType, @licenceExpiry, @dateOfBirth, @email, @mobile,
         @addressLine1, @town, @postcode, @at, @at)`,
    );
    statements.set(sqlite, insert);
  }
  return Number(
    insert.run({
      badgeNumber: facts.badgeNumber,
      surname: facts.surname ?? 'Surname',
      forenames: facts.forenames ?? 'Test',
      licenceType: facts.licenceType ?? 'private_hire',
      licenceExpiry: facts.licenceExpiry ?? '2030-01-01',
      dateOfBirth: facts.dateOfBirth ?? null,
      email: facts.email ?? null,
      mobile: facts.mobile ?? null,
      addressLine1: facts.addressLine1 ?? null,
      town: facts.town ?? null,
      postcode: facts.postcode ?? null,
      at: facts.at ?? 0,
    }).lastInsertRowid,
  );
}
