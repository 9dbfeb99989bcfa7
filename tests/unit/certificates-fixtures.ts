/**
 * Facts certificate tests need: a register row, an account and a passing
 * attempt, inserted straight into a test database.
 */
import { afterEach, beforeEach } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { assessmentAttempts, drivers, faceToFaceSessions, users } from '../../db/schema.ts';
import { useDb } from '../../src/lib/db.ts';

let counter = 0;

/** A register row and a driver account linked to it; the badge number is made up unless given. */
export function driverWithAccount(
  db: Db,
  names: { forenames: string; surname: string; badgeNumber?: string } = {
    forenames: 'Zoë',
    surname: 'Ó Súilleabháin-Łukasiewicz',
  },
) {
  counter += 1;
  const at = Date.now();
  const driver = db
    .insert(drivers)
    .values({
      badgeNumber: `DCC-${1000 + counter}`,
      ...names,
      licenceType: 'dual',
      licenceExpiry: '2030-01-01',
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
  const user = db
    .insert(users)
    .values({ email: `driver${counter}@example.test`, role: 'driver', driverId: driver.id, createdAt: at })
    .returning()
    .get();
  return { driver, user };
}

/**
 * Gives each test of the file a fresh migrated in-memory database as the app's connection, holding one driver
 * with an account, handed to `ready` before the test; the connection is dropped after it.
 */
export function eachTestWithDriver(
  ready: (fixture: { db: Db; userId: number; driverId: number }) => void,
  names?: Parameters<typeof driverWithAccount>[1],
): void {
  beforeEach(() => {
    const db = memoryDb();
    useDb(db);
    const { driver, user } = driverWithAccount(db, names);
    ready({ db, userId: user.id, driverId: driver.id });
  });
  afterEach(() => useDb(null));
}

/** An applicant's account: names typed at registration, no register row. */
export function applicant(db: Db) {
  counter += 1;
  return db
    .insert(users)
    .values({
      email: `applicant${counter}@example.test`,
      role: 'driver',
      isApplicant: true,
      forenames: 'Amira',
      surname: 'Haddad',
      createdAt: Date.now(),
    })
    .returning()
    .get();
}

/** An officer account. */
export function officer(db: Db) {
  counter += 1;
  return db
    .insert(users)
    .values({ email: `officer${counter}@example.test`, role: 'officer', createdAt: Date.now() })
    .returning()
    .get();
}

/** A submitted attempt for the user, passed or not. */
export function attempt(db: Db, userId: number, passed = true) {
  return db
    .insert(assessmentAttempts)
    .values({
      userId,
      questionIds: '[]',
      answers: '{}',
      score: passed ? 9 : 5,
      passed,
      startedAt: Date.now(),
      submittedAt: Date.now(),
    })
    .returning()
    .get();
}

/** A recorded face-to-face session for a register row. */
export function faceToFace(db: Db, driverId: number, sessionDate = '2016-03-14') {
  return db
    .insert(faceToFaceSessions)
    .values({ driverId, sessionDate, trainer: 'A. Trainer', venue: 'County Hall', createdAt: Date.now() })
    .returning()
    .get();
}
