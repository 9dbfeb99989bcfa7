/**
 * The applicants queue: people who registered without a badge number. Once
 * licensed, an officer links the account to its register row.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { drivers, users } from '../../../db/schema.ts';
import { audit } from '../audit.ts';

export interface Applicant {
  id: number;
  email: string;
  surname: string | null;
  forenames: string | null;
  dateOfBirth: string | null;
  createdAt: number;
}

const waiting = and(
  eq(users.role, 'driver'),
  eq(users.isApplicant, true),
  isNull(users.driverId),
  isNull(users.disabledAt),
);

/** Applicants waiting to be linked, oldest first. */
export function listApplicants(db: Executor = getDb()): Applicant[] {
  return db
    .select({
      id: users.id,
      email: users.email,
      surname: users.surname,
      forenames: users.forenames,
      dateOfBirth: users.dateOfBirth,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(waiting)
    .orderBy(asc(users.createdAt), asc(users.id))
    .all();
}

/** The link form: which applicant, and the badge number of their register row. */
export const linkApplicantForm = z.object({
  userId: z.coerce.number().int().positive(),
  badgeNumber: z
    .string()
    .trim()
    .min(1, 'Enter the badge number')
    .max(32, 'Badge numbers are 32 characters or fewer')
    .transform((v) => v.toUpperCase()),
});

export type LinkResult =
  { ok: true; driverId: number } | { ok: false; reason: 'no_applicant' | 'no_register_row' | 'row_has_account' };

/** Links an applicant's account to a register row that has no account yet; audited. */
export function linkApplicant(
  input: { userId: number; badgeNumber: string; officerUserId: number },
  db: Db = getDb(),
): LinkResult {
  return db.transaction((tx) => {
    const applicant = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.userId), waiting))
      .get();
    if (!applicant) return { ok: false, reason: 'no_applicant' } as const;
    const driver = tx.select({ id: drivers.id }).from(drivers).where(eq(drivers.badgeNumber, input.badgeNumber)).get();
    if (!driver) return { ok: false, reason: 'no_register_row' } as const;
    const taken = tx.select({ id: users.id }).from(users).where(eq(users.driverId, driver.id)).get();
    if (taken) return { ok: false, reason: 'row_has_account' } as const;
    tx.update(users).set({ driverId: driver.id, isApplicant: false }).where(eq(users.id, applicant.id)).run();
    audit(
      {
        actorUserId: input.officerUserId,
        action: 'applicant_linked',
        driverId: driver.id,
        detail: { userId: applicant.id },
      },
      tx,
    );
    return { ok: true, driverId: driver.id } as const;
  });
}
