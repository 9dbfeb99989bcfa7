/**
 * A small known register for officer tests: each helper inserts one fact.
 * Not a test file itself (no `.test.ts`), shared by the officer unit tests.
 */
import type { Db } from '../../db/client.ts';
import type { LicenceType } from '../../db/schema.ts';
import { insertDriver, insertUser } from '../support/factory.ts';

let n = 0;

/** Inserts a register row; returns its id. */
export function addDriver(
  db: Db,
  row: { surname?: string; forenames?: string; licenceType?: LicenceType; badge?: string } = {},
): number {
  n += 1;
  return insertDriver(db.$client, {
    badgeNumber: row.badge ?? `FX${n}`,
    surname: row.surname ?? `Surname${n}`,
    forenames: row.forenames ?? 'Test',
    licenceType: row.licenceType ?? 'private_hire',
  });
}

/** Inserts a driver account linked to a register row (or an applicant when driverId is null); returns its id. */
export function addAccount(
  db: Db,
  driverId: number | null,
  extra: { applicant?: boolean; surname?: string } = {},
): number {
  n += 1;
  return insertUser(db.$client, {
    email: `user${n}@example.test`,
    driverId,
    isApplicant: extra.applicant,
    surname: extra.surname,
  });
}

/** Records module progress for an account. */
export function addProgress(db: Db, userId: number): void {
  db.$client
    .prepare(`insert into module_progress (user_id, module_slug, started_at) values (?, 'why-drivers', 0)`)
    .run(userId);
}

/** Inserts an online certificate held by an account. */
export function addOnlineCertificate(db: Db, userId: number, completedOn: string, revoked = false): void {
  n += 1;
  db.$client
    .prepare(
      `insert into certificates (code, kind, user_id, holder_name, completed_on, issued_at, revoked_at) values (?, 'online', ?, 'Holder', ?, 0, ?)`,
    )
    .run(`CODE${n}`, userId, completedOn, revoked ? 1 : null);
}

/** Records a face-to-face session. */
export function addFaceToFace(db: Db, driverId: number, sessionDate: string): void {
  db.$client
    .prepare(
      `insert into face_to_face_sessions (driver_id, session_date, trainer, venue, created_at) values (?, ?, 'Trainer', 'Venue', 0)`,
    )
    .run(driverId, sessionDate);
}
