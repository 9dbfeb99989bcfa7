/**
 * The one typed way tests, e2e journeys and benchmarks put a driver on the licensing register or open an
 * account. Works on a raw better-sqlite3 connection (unit tests pass `db.$client`), so the e2e process can use
 * the server's file.
 */
import type Database from 'better-sqlite3';
import type { LicenceType, Role } from '../../db/schema.ts';

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

type Statements = WeakMap<Database.Database, Database.Statement>;

// Prepared once per connection: the benchmarks insert 100,000 drivers and their accounts in one loop.
function preparedOnce(statements: Statements, sqlite: Database.Database, sql: string): Database.Statement {
  let statement = statements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare(sql);
    statements.set(sqlite, statement);
  }
  return statement;
}

const driverStatements: Statements = new WeakMap();

/** Inserts a register row and returns its id. */
export function insertDriver(sqlite: Database.Database, facts: DriverFacts): number {
  const insert = preparedOnce(
    driverStatements,
    sqlite,
    `insert into drivers (badge_number, surname, forenames, licence_type, licence_expiry, date_of_birth, email, mobile,
       address_line_1, town, postcode, created_at, updated_at)
     values (@badgeNumber, @surname, @forenames, @licenceType, @licenceExpiry, @dateOfBirth, @email, @mobile,
       @addressLine1, @town, @postcode, @at, @at)`,
  );
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

/** An account; everything but the e-mail address has a plain default: a driver's, with no password. */
export interface UserFacts {
  email: string;
  role?: Role;
  /** An Argon2 hash (`hashPassword`), for journeys that sign in through the form; NULL unless given. */
  passwordHash?: string | null;
  /** The register row the account is linked to. */
  driverId?: number | null;
  /** The register row a driver claimed, waiting for confirmation (db/schema.ts `users.claimedDriverId`). */
  claimedDriverId?: number | null;
  isApplicant?: boolean;
  surname?: string | null;
  /** Unix ms; 0 unless the test cares (the retention rule and the applicants list read it). */
  createdAt?: number;
}

const userStatements: Statements = new WeakMap();

/** Inserts an account and returns its id. */
export function insertUser(sqlite: Database.Database, facts: UserFacts): number {
  const insert = preparedOnce(
    userStatements,
    sqlite,
    `insert into users (email, role, password_hash, driver_id, claimed_driver_id, is_applicant, surname, created_at)
     values (@email, @role, @passwordHash, @driverId, @claimedDriverId, @isApplicant, @surname, @createdAt)`,
  );
  return Number(
    insert.run({
      email: facts.email,
      role: facts.role ?? 'driver',
      passwordHash: facts.passwordHash ?? null,
      driverId: facts.driverId ?? null,
      claimedDriverId: facts.claimedDriverId ?? null,
      isApplicant: facts.isApplicant ? 1 : 0,
      surname: facts.surname ?? null,
      createdAt: facts.createdAt ?? 0,
    }).lastInsertRowid,
  );
}
