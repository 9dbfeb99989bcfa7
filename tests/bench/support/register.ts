/**
 * A generated register for the officer benchmarks: any number of drivers with a realistic mix of
 * training states, written straight into the database.
 */
import type { Db } from '../../../db/client.ts';
import type { LicenceType } from '../../../db/schema.ts';
import { insertDriver, insertUser } from '../../support/factory.ts';

const LICENCES: readonly LicenceType[] = ['hackney_carriage', 'private_hire', 'dual'];

/** A deterministic pseudo-random sequence, so every run measures the same register. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/**
 * About 39% trained face to face (683 of 1,757 in the report), 25% with an
 * account: of those, half passed online (a few certificates revoked), a
 * quarter part-way through the course.
 */
export function fill(db: Db, n: number): void {
  const rnd = random(n);
  const sqlite = db.$client;
  const f2f = sqlite.prepare(
    `insert into face_to_face_sessions (driver_id, session_date, trainer, venue, created_at) values (?, ?, 'Trainer', 'Venue', 0)`,
  );
  const progress = sqlite.prepare(`insert into module_progress (user_id, module_slug, started_at) values (?, ?, 0)`);
  const attempt = sqlite.prepare(
    `insert into assessment_attempts (user_id, question_ids, score, passed, started_at, submitted_at) values (?, '[]', 9, 1, 0, 0)`,
  );
  const cert = sqlite.prepare(
    `insert into certificates (code, kind, user_id, attempt_id, holder_name, completed_on, issued_at, revoked_at) values (?, 'online', ?, ?, 'Holder', ?, 0, ?)`,
  );
  const day = (from: number, span: number) =>
    new Date(Date.UTC(2016, 0, 1) + Math.floor(from + rnd() * span) * 86_400_000).toISOString().slice(0, 10);
  db.$client.transaction(() => {
    for (let i = 0; i < n; i += 1) {
      const id = insertDriver(sqlite, {
        badgeNumber: `B${i}`,
        surname: `Surname${Math.floor(rnd() * 5000)}`,
        forenames: 'Forename',
        licenceType: LICENCES[i % 3],
        licenceExpiry: day(365, 1000),
      });
      if (rnd() < 0.39) f2f.run(id, day(-900, 1150));
      if (rnd() < 0.25) {
        const userId = insertUser(sqlite, { email: `d${i}@example.test`, driverId: id });
        const r = rnd();
        if (r < 0.5) {
          for (const slug of ['why', 'signs', 'what-to-do']) progress.run(userId, slug);
          const attemptId = Number(attempt.run(userId).lastInsertRowid);
          cert.run(`C${i}`, userId, attemptId, day(150, 250), rnd() < 0.02 ? 1 : null);
        } else if (r < 0.75) {
          progress.run(userId, 'why');
        }
      }
    }
  })();
  sqlite.exec('ANALYZE');
}
