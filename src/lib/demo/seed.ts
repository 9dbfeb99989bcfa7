/**
 * Loading the demo: the generated register goes in through the same register and face-to-face imports officers
 * use, then learner accounts, their progress and passed attempts, and the demo driver and officer.
 */
import { addDays, addMonths, format, parseISO, subDays } from 'date-fns';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Db } from '../../../db/client.ts';
import { assessmentAttempts, moduleProgress, users, type Role } from '../../../db/schema.ts';
import { issueOnlineCertificate } from '../certificates/issue.ts';
import { applyFaceToFaceImport } from '../register/face-to-face-import.ts';
import { applyRegisterImport } from '../register/register-import.ts';
import { buildDemoRegister, faceToFaceCsv, registerCsv, type DemoRegister } from './register.ts';

/**
 * The course's module slugs in course order (the `order` in each module's
 * front matter), read from `content/course/modules/` at run time. Returns
 * none when the course is not there.
 */
export function courseModuleSlugs(courseDir = 'content/course'): string[] {
  const dir = join(courseDir, 'modules');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => extname(name) === '.md')
    .map((name) => {
      const order = /^order:\s*(\d+)/m.exec(readFileSync(join(dir, name), 'utf8'));
      return { slug: name.slice(0, -3), order: order ? Number(order[1]) : Number.MAX_SAFE_INTEGER };
    })
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug))
    .map((m) => m.slug);
}

/** The question bank's ids, in file order, so demo attempts point at real questions. */
export function courseQuestionIds(courseDir = 'content/course'): string[] {
  const file = join(courseDir, 'questions.yaml');
  if (!existsSync(file)) return [];
  return [...readFileSync(file, 'utf8').matchAll(/^- id:\s*(\S+)/gm)].map((m) => m[1]!);
}

/** Sign-in details printed by the demo. */
export interface DemoAccount {
  email: string;
  password: string;
  role: Role;
}

/** What `seedDemo` needs besides the database. */
export interface DemoOptions {
  seed: number;
  today: string;
  moduleSlugs: readonly string[];
  /** Question ids for demo attempts (ten are recorded per passed attempt). */
  questionIds: readonly string[];
  driver: { email: string; password: string };
  officer: { email: string; password: string };
  /** Turns a password into the stored hash (Argon2id). */
  hashPassword: (password: string) => Promise<string>;
}

/**
 * Fills an empty, migrated database with the demo register (through the
 * register and face-to-face imports), learner accounts with their module
 * progress and passed attempts, a demo driver and a demo officer (admin).
 */
export async function seedDemo(
  db: Db,
  options: DemoOptions,
): Promise<{ register: DemoRegister; accounts: DemoAccount[] }> {
  const register = buildDemoRegister(options.seed, options.today, options.moduleSlugs.length);
  for (const [what, outcome] of [
    ['register', applyRegisterImport(registerCsv(register.drivers), null, db)],
    ['face-to-face', applyFaceToFaceImport(faceToFaceCsv(register.sessions), null, db)],
  ] as const) {
    if (!outcome.applied)
      throw new Error(`The demo ${what} file was refused: ${outcome.fileError ?? outcome.problems[0]?.reason}`);
  }

  const [driverHash, officerHash] = await Promise.all([
    options.hashPassword(options.driver.password),
    options.hashPassword(options.officer.password),
  ]);
  const byBadge = new Map(register.drivers.map((d) => [d.badgeNumber, d]));
  const ids = new Map(
    (db.$client.prepare('select id, badge_number as badge from drivers').all() as { id: number; badge: string }[]).map(
      (r) => [r.badge, r.id],
    ),
  );
  const dayMs = (date: Date) => date.getTime();
  const today = parseISO(`${options.today}T10:00:00Z`);

  db.transaction((tx) => {
    register.learners.forEach((learner, n) => {
      const driver = byBadge.get(learner.badgeNumber)!;
      const isDemoDriver = n === 0;
      const startedAt = subDays(today, 20 + (n % 40));
      const user = tx
        .insert(users)
        .values({
          email: isDemoDriver
            ? options.driver.email
            : (driver.email ?? `driver.${driver.badgeNumber}@example.org`.toLowerCase()),
          passwordHash: isDemoDriver ? driverHash : null,
          role: 'driver',
          driverId: ids.get(driver.badgeNumber)!,
          surname: driver.surname,
          forenames: driver.forenames,
          dateOfBirth: driver.dateOfBirth,
          createdAt: dayMs(startedAt),
        })
        .returning({ id: users.id })
        .get();
      options.moduleSlugs.forEach((slug, m) => {
        if (m > learner.modulesCompleted) return;
        const done = m < learner.modulesCompleted;
        tx.insert(moduleProgress)
          .values({
            userId: user.id,
            moduleSlug: slug,
            furthestSection: done ? 1 : 0,
            scenarioAnswer: null,
            startedAt: dayMs(addDays(startedAt, m)),
            completedAt: done ? dayMs(addDays(startedAt, m)) : null,
          })
          .run();
      });
      if (learner.passed && options.moduleSlugs.length > 0) {
        const at = dayMs(addDays(startedAt, options.moduleSlugs.length + 1));
        const drawn = options.questionIds.slice(0, 10);
        const attempt = tx
          .insert(assessmentAttempts)
          .values({
            userId: user.id,
            questionIds: JSON.stringify(drawn),
            answers: '{}',
            score: drawn.length,
            passed: true,
            startedAt: at,
            submittedAt: at + 10 * 60_000,
          })
          .returning({ id: assessmentAttempts.id })
          .get();
        issueOnlineCertificate(tx, {
          userId: user.id,
          attemptId: attempt.id,
          completedOn: format(new Date(at), 'yyyy-MM-dd'),
        });
      }
    });
    tx.insert(users)
      .values({
        email: options.officer.email,
        passwordHash: officerHash,
        role: 'admin',
        createdAt: dayMs(addMonths(today, -6)),
      })
      .run();
  });

  return {
    register,
    accounts: [
      { ...options.driver, role: 'driver' },
      { ...options.officer, role: 'admin' },
    ],
  };
}
