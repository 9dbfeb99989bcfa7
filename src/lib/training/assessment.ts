/**
 * The assessment: a fresh random draw from the question bank for each
 * attempt, scoring against the pass mark, feedback that names modules but
 * never answers, and a submit that is safe to repeat or race.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { assessmentAttempts, attemptResponses } from '../../../db/schema.ts';
import { isClaimPending } from '../auth/badge-claims.ts';
import { issueOnlineCertificate } from '../certificates/issue.ts';
import { now } from '../clock.ts';
import { logEvent } from '../log.ts';
import { preparedOnce } from '../prepared.ts';
import type { Question } from '../content/course-schemas.ts';

/** Returns a whole number from 0 up to (not including) `maxExclusive`. */
export type RandomInt = (maxExclusive: number) => number;

/** Cryptographically random: draws must not be predictable. */
export const secureRandomInt: RandomInt = (maxExclusive) => randomInt(maxExclusive);

/** A repeatable random sequence from a seed, so an attempt shows its options in the same order on every load. */
export function seededRandomInt(seed: string): RandomInt {
  const bytes = sha256(new TextEncoder().encode(seed));
  let state = new DataView(bytes.buffer).getUint32(0, true);
  return (maxExclusive) => {
    // mulberry32: small, fast and evenly spread, which is all option shuffling needs.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(unit * maxExclusive);
  };
}

/** A shuffled copy (Fisher–Yates). */
export function shuffle<T>(items: readonly T[], random: RandomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = random(i + 1);
    const held = out[i] as T;
    out[i] = out[j] as T;
    out[j] = held;
  }
  return out;
}

/**
 * Draws `count` different questions at random, spread over as many modules
 * as possible: one from each module in a random module order, then a second
 * round, and so on; the drawn questions are then shuffled.
 */
export function drawQuestions(
  bank: readonly Question[],
  count: number,
  random: RandomInt = secureRandomInt,
): Question[] {
  const byModule = new Map<string, Question[]>();
  for (const q of bank) byModule.set(q.module, [...(byModule.get(q.module) ?? []), q]);
  const pools = shuffle([...byModule.values()], random).map((pool) => shuffle(pool, random));
  const drawn: Question[] = [];
  while (drawn.length < count && pools.some((p) => p.length > 0)) {
    for (const pool of pools) {
      const next = pool.pop();
      if (next && drawn.length < count) drawn.push(next);
    }
  }
  return shuffle(drawn, random);
}

/**
 * The options of one question in the order an attempt made before snapshots shows them (newer attempts keep
 * their order in `questionsSeen`).
 */
export function optionsInOrder(question: Pick<Question, 'id' | 'options'>, attemptSeed: string): Question['options'] {
  return shuffle(question.options, seededRandomInt(`${attemptSeed}:${question.id}`));
}

/** A question as one attempt showed it: its options are in the order shown. */
export type SeenQuestion = Pick<Question, 'id' | 'module' | 'question' | 'options'>;

/** Whether the answer given to a question names its correct option. */
export function isAnsweredRight(question: Pick<Question, 'id' | 'options'>, answers: Readonly<Record<string, string>>) {
  return question.options.some((o) => o.correct && o.id === answers[question.id]);
}

/** Score: how many answers name the correct option. */
export function scoreAnswers(
  questions: ReadonlyArray<Pick<Question, 'id' | 'options'>>,
  answers: Readonly<Record<string, string>>,
): number {
  return questions.filter((q) => isAnsweredRight(q, answers)).length;
}

/** Pass when the score is at least the pass mark per cent of the questions. */
export function hasPassed(score: number, count: number, passMark: number): boolean {
  return count > 0 && (score * 100) / count >= passMark;
}

/**
 * The modules to revisit after an attempt: those that taught a question
 * answered wrongly, in course order, named by title. Deliberately nothing
 * about which questions or answers.
 */
export function modulesToRevisit(
  questions: ReadonlyArray<Pick<Question, 'id' | 'module' | 'options'>>,
  answers: Readonly<Record<string, string>>,
  modules: ReadonlyArray<{ slug: string; title: string }>,
): Array<{ slug: string; title: string }> {
  const wrong = new Set(questions.filter((q) => !isAnsweredRight(q, answers)).map((q) => q.module));
  return modules.filter((m) => wrong.has(m.slug)).map((m) => ({ slug: m.slug, title: m.title }));
}

export type Attempt = typeof assessmentAttempts.$inferSelect;

/** The seed that fixes an attempt's option order. */
export function attemptSeed(attempt: Pick<Attempt, 'id' | 'startedAt'>): string {
  return `${attempt.id}:${attempt.startedAt}`;
}

/** The snapshot stored at the start of an attempt: each question's words and options exactly as shown. */
export function snapshotQuestions(questions: readonly Question[], random: RandomInt): SeenQuestion[] {
  return questions.map((q) => ({
    id: q.id,
    module: q.module,
    question: q.question,
    options: shuffle(q.options, random).map((o) => ({ id: o.id, text: o.text, correct: o.correct })),
  }));
}

/**
 * An attempt's questions as the driver saw them, in the order shown. From the attempt's snapshot, so later
 * edits to the bank change nothing; attempts made before snapshots were kept fall back to the current bank
 * (questions since removed from it are left out).
 */
export function questionsForAttempt(
  attempt: Pick<Attempt, 'id' | 'startedAt' | 'questionIds' | 'questionsSeen'>,
  bank: readonly Question[],
): SeenQuestion[] {
  if (attempt.questionsSeen) return JSON.parse(attempt.questionsSeen) as SeenQuestion[];
  const ids = JSON.parse(attempt.questionIds) as string[];
  const byId = new Map(bank.map((q) => [q.id, q]));
  const seed = attemptSeed(attempt);
  return ids.flatMap((id) => {
    const q = byId.get(id);
    return q ? [{ id: q.id, module: q.module, question: q.question, options: optionsInOrder(q, seed) }] : [];
  });
}

/** The stored answers of a submitted attempt. */
export function answersOf(attempt: Pick<Attempt, 'answers'>): Record<string, string> {
  return attempt.answers ? (JSON.parse(attempt.answers) as Record<string, string>) : {};
}

const openAttemptOf = preparedOnce((db: Executor) =>
  db
    .select()
    .from(assessmentAttempts)
    .where(and(eq(assessmentAttempts.userId, sql.placeholder('userId')), isNull(assessmentAttempts.submittedAt)))
    .orderBy(desc(assessmentAttempts.id))
    .prepare(),
);

/** The user's attempt that has been started but not submitted, if any. */
export function openAttempt(userId: number, db: Executor = getDb()): Attempt | undefined {
  return openAttemptOf(db).get({ userId });
}

const ownAttempt = preparedOnce((db: Executor) =>
  db
    .select()
    .from(assessmentAttempts)
    .where(
      and(
        eq(assessmentAttempts.id, sql.placeholder('attemptId')),
        eq(assessmentAttempts.userId, sql.placeholder('userId')),
      ),
    )
    .prepare(),
);

/** One of the user's own attempts (never another user's). */
export function attemptForUser(userId: number, attemptId: number, db: Executor = getDb()): Attempt | undefined {
  return ownAttempt(db).get({ userId, attemptId });
}

const allAttemptsOf = preparedOnce((db: Executor) =>
  db
    .select()
    .from(assessmentAttempts)
    .where(eq(assessmentAttempts.userId, sql.placeholder('userId')))
    .orderBy(desc(assessmentAttempts.id))
    .prepare(),
);

/** All the user's attempts, newest first. */
export function attemptsForUser(userId: number, db: Executor = getDb()): Attempt[] {
  return allAttemptsOf(db).all({ userId });
}

/** Records a new attempt for `userId` with a fresh draw from `bank` and the snapshot of what it shows. */
export function insertAttempt(
  db: Executor,
  attempt: { userId: number; bank: readonly Question[]; count: number; random: RandomInt; startedAt: number },
): Attempt {
  const drawn = drawQuestions(attempt.bank, attempt.count, attempt.random);
  return db
    .insert(assessmentAttempts)
    .values({
      userId: attempt.userId,
      questionIds: JSON.stringify(drawn.map((q) => q.id)),
      questionsSeen: JSON.stringify(snapshotQuestions(drawn, attempt.random)),
      startedAt: attempt.startedAt,
    })
    .returning()
    .get();
}

/**
 * Starts an attempt with a fresh draw, or returns the open one so that a
 * double click or a reload does not throw away the questions being answered.
 */
export function startAttempt(
  userId: number,
  bank: readonly Question[],
  count: number,
  random: RandomInt = secureRandomInt,
): Attempt {
  return getDb().transaction(
    (tx) => openAttempt(userId, tx) ?? insertAttempt(tx, { userId, bank, count, random, startedAt: now().getTime() }),
  );
}

export type SubmitResult =
  | { outcome: 'submitted'; passed: boolean; score: number; count: number; certificateId: number | null }
  | { outcome: 'already_submitted' }
  | { outcome: 'not_found' };

/** What a submission records: the attempt, the questions as it showed them and the answers chosen. */
export interface Submission {
  userId: number;
  attemptId: number;
  questions: readonly SeenQuestion[];
  answers: Readonly<Record<string, string>>;
  passMark: number;
  completedOn: string;
}

/**
 * Records a submission inside the caller's transaction, once. The conditional update is the guard: of any
 * number of identical or racing submissions exactly one changes the row, and only that one records each
 * answer for the question statistics and, if it passed, issues the certificate.
 */
export function recordSubmission(tx: Executor, submission: Submission & { submittedAt: number }): SubmitResult {
  const { userId, attemptId, questions, answers, passMark, completedOn, submittedAt } = submission;
  const score = scoreAnswers(questions, answers);
  const passed = hasPassed(score, questions.length, passMark);
  const changed = tx
    .update(assessmentAttempts)
    .set({ answers: JSON.stringify(answers), score, passed, submittedAt })
    .where(
      and(
        eq(assessmentAttempts.id, attemptId),
        eq(assessmentAttempts.userId, userId),
        isNull(assessmentAttempts.submittedAt),
      ),
    )
    .run();
  if (changed.changes !== 1) {
    return attemptForUser(userId, attemptId, tx) ? { outcome: 'already_submitted' } : { outcome: 'not_found' };
  }
  if (questions.length > 0) {
    tx.insert(attemptResponses)
      .values(
        questions.map((q, position) => ({
          attemptId,
          position,
          questionId: q.id,
          moduleSlug: q.module,
          correct: isAnsweredRight(q, answers),
          attemptScore: score,
          attemptQuestions: questions.length,
          attemptPassed: passed,
        })),
      )
      .run();
  }
  // A claim still waiting for confirmation gets its certificate when confirmed (badge-claims.ts), not now.
  const certifiable = passed && !isClaimPending(userId, tx);
  const certificate = certifiable ? issueOnlineCertificate(tx, { userId, attemptId, completedOn }) : null;
  return { outcome: 'submitted', passed, score, count: questions.length, certificateId: certificate?.id ?? null };
}

/** Submits an attempt once (see `recordSubmission`), in a transaction of its own, and logs the outcome. */
export function submitAttempt(input: Submission): SubmitResult {
  const result = getDb().transaction((tx) => recordSubmission(tx, { ...input, submittedAt: now().getTime() }));
  if (result.outcome === 'submitted')
    logEvent('assessment_submitted', {
      userId: input.userId,
      attemptId: input.attemptId,
      passed: result.passed,
      certificateId: result.certificateId,
    });
  return result;
}
