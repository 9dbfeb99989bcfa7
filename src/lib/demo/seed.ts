/**
 * Loading the demo: the generated register goes in through the same register and face-to-face imports officers
 * use, then learner accounts, their progress and assessment attempts, and the demo driver and officer.
 */
import { addDays, addMonths, format, parseISO, subDays } from 'date-fns';
import type { Db, Tx } from '../../../db/client.ts';
import { moduleProgress, users, type Role } from '../../../db/schema.ts';
import { config } from '../config.ts';
import type { Question } from '../content/course-schemas.ts';
import {
  hasPassed,
  insertAttempt,
  questionsForAttempt,
  recordSubmission,
  scoreAnswers,
  seededRandomInt,
  type RandomInt,
  type SeenQuestion,
} from '../training/assessment.ts';
import { applyFaceToFaceImport } from '../register/face-to-face-import.ts';
import { applyRegisterImport } from '../register/register-import.ts';
import { buildDemoRegister, faceToFaceCsv, registerCsv, type DemoRegister } from './register.ts';

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
  /** The question bank that demo attempts draw from. */
  questions: readonly Question[];
  driver: { email: string; password: string };
  officer: { email: string; password: string };
  /** Turns a password into the stored hash (Argon2id). */
  hashPassword: (password: string) => Promise<string>;
}

/** How likely a demo driver is to answer `question` right: most questions are easy, a few catch many out. */
function chanceOfRight(question: Pick<Question, 'id'>, seed: number): number {
  return 0.55 + seededRandomInt(`demo:${seed}:${question.id}`)(43) / 100;
}

/**
 * A demo learner's assessment through the app's own draw and submission, so each attempt keeps the snapshot of
 * what it showed and feeds the question statistics: answers are right as often as each question's difficulty
 * makes likely, and a first try that fails is followed the next day by a retry, which passes (the learner did).
 */
function takeAssessment(
  tx: Tx,
  options: DemoOptions,
  learner: { userId: number; firstTry: Date; random: RandomInt },
): void {
  const { questionsPerAttempt, passMark } = config;
  for (let tries = 1; ; tries += 1) {
    const startedAt = addDays(learner.firstTry, tries - 1).getTime();
    const attempt = insertAttempt(tx, {
      userId: learner.userId,
      bank: options.questions,
      count: questionsPerAttempt,
      random: learner.random,
      startedAt,
    });
    const questions = questionsForAttempt(attempt, options.questions);
    const answers = answersFor(questions, options.seed, learner.random);
    // The learner passed in the end: a retry that would fail gets as many more right answers as the pass needs.
    if (tries > 1) passFrom(questions, answers, passMark);
    const outcome = recordSubmission(tx, {
      userId: learner.userId,
      attemptId: attempt.id,
      questions,
      answers,
      passMark,
      completedOn: format(new Date(startedAt), 'yyyy-MM-dd'),
      submittedAt: startedAt + 10 * 60_000,
    });
    if (outcome.outcome !== 'submitted' || outcome.passed) return;
  }
}

/** Answers to `questions`: each right with its chance of being right, otherwise one of the wrong options. */
function answersFor(questions: readonly SeenQuestion[], seed: number, random: RandomInt): Record<string, string> {
  return Object.fromEntries(
    questions.map((q) => {
      const right = random(100) < chanceOfRight(q, seed) * 100;
      const candidates = q.options.filter((o) => o.correct === right);
      return [q.id, candidates[random(candidates.length)]!.id];
    }),
  );
}

/** Changes wrong answers to right ones, in order, until the answers pass. */
function passFrom(questions: readonly SeenQuestion[], answers: Record<string, string>, passMark: number): void {
  for (const q of questions) {
    if (hasPassed(scoreAnswers(questions, answers), questions.length, passMark)) return;
    answers[q.id] = q.options.find((o) => o.correct)!.id;
  }
}

/**
 * Fills an empty, migrated database with the demo register (through the
 * register and face-to-face imports), learner accounts with their module
 * progress and assessment attempts, a demo driver and a demo officer (admin).
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
      if (learner.passed && options.moduleSlugs.length > 0 && options.questions.length > 0) {
        takeAssessment(tx, options, {
          userId: user.id,
          firstTry: addDays(startedAt, options.moduleSlugs.length + 1),
          random: seededRandomInt(`demo:${options.seed}:${n}`),
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
