/**
 * Attempts keep what the driver saw, and failing twice in a row sends the
 * driver back to the named modules before a third attempt.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { attemptResponses, moduleProgress } from '../../db/schema.ts';
import type { Question } from '../../src/lib/content/course-schemas.ts';
import { driverRecord } from '../../src/lib/officer/driver-record.ts';
import { currentStatusParams } from '../../src/lib/officer/status-sql.ts';
import {
  attemptsForUser,
  questionsForAttempt,
  startAttempt,
  submitAttempt,
  type SeenQuestion,
} from '../../src/lib/training/assessment.ts';
import { progressForUser, recordModuleOpened } from '../../src/lib/training/progress.ts';
import { failuresInARow, revisitDemand } from '../../src/lib/training/retake.ts';
import { eachTestWithDriver } from './certificates-fixtures.ts';
import { readAssessmentCourse } from './support/course-files.ts';

const { bank, modules } = readAssessmentCourse();

let db: Db;
let userId: number;
let driverId: number;

eachTestWithDriver((fixture) => ({ db, userId, driverId } = fixture));
beforeEach(() => {
  const started = Date.now();
  db.insert(moduleProgress)
    .values(
      modules.map((m) => ({
        userId,
        moduleSlug: m.slug,
        furthestSection: 9,
        startedAt: started,
        completedAt: started,
      })),
    )
    .run();
});

/** Starts and submits an attempt, getting the first `wrong` questions wrong and the rest right. */
function sit(wrong: number, questionBank: readonly Question[] = bank): { id: number; seen: SeenQuestion[] } {
  const attempt = startAttempt(userId, questionBank, 10);
  const seen = questionsForAttempt(attempt, questionBank);
  const answers = Object.fromEntries(
    seen.map((q, i) => [q.id, q.options.find((o) => (i < wrong ? !o.correct : o.correct))!.id]),
  );
  submitAttempt({ userId, attemptId: attempt.id, questions: seen, answers, passMark: 80, completedOn: '2016-08-01' });
  return { id: attempt.id, seen };
}

/** The bank after an editor rewrote every question: new words, options reordered, another option marked right. */
function editedBank(): Question[] {
  return bank.map((q) => ({
    ...q,
    question: `Edited: ${q.question}`,
    options: [...q.options].reverse().map((o, i) => ({ ...o, text: `Edited ${o.text}`, correct: i === 0 })),
  }));
}

describe('an attempt record', () => {
  it('still shows each question, its options in the order shown, the choice and the right answer after the bank is edited', () => {
    const { id, seen } = sit(3);
    const [attempt] = attemptsForUser(userId);
    const edited = editedBank();

    const afterEdit = questionsForAttempt(attempt!, edited);
    expect(afterEdit).toEqual(seen);
    for (const q of afterEdit) {
      const original = bank.find((b) => b.id === q.id)!;
      expect(q.question).toBe(original.question);
      expect(q.options.find((o) => o.correct)!.text).toBe(original.options.find((o) => o.correct)!.text);
    }

    const officerView = driverRecord(driverId, currentStatusParams())!.attempts.find((a) => a.id === id)!;
    expect(officerView.seen).toHaveLength(10);
    officerView.seen!.forEach((q, i) => {
      expect(q.question).toBe(seen[i]!.question);
      expect(q.options.map((o) => o.text)).toEqual(seen[i]!.options.map((o) => o.text));
      expect(q.options.filter((o) => o.chosen)).toHaveLength(1);
      const chosen = q.options.find((o) => o.chosen)!;
      expect(chosen.correct).toBe(i >= 3);
      expect(q.options.find((o) => o.correct)!.text).toBe(seen[i]!.options.find((o) => o.correct)!.text);
    });
  });

  it('records one response per question with the attempt result, for the statistics', () => {
    const { id } = sit(3);
    const rows = db.select().from(attemptResponses).all();
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.correct)).toHaveLength(7);
    for (const r of rows) expect(r).toMatchObject({ attemptId: id, attemptScore: 7, attemptPassed: false });
  });
});

describe('learning after failed attempts', () => {
  const demand = () => revisitDemand(attemptsForUser(userId), progressForUser(userId), modules, bank);

  it('lets the driver retry at once after one failure', () => {
    sit(3);
    expect(demand()).toBeNull();
  });

  it('after a second failure in a row asks for the modules that attempt named, until each is opened again', () => {
    sit(3);
    const second = sit(4);
    const named = [...new Set(second.seen.slice(0, 4).map((q) => q.module))];
    const d = demand()!;
    expect(d.failures).toBe(2);
    expect(d.attemptId).toBe(second.id);
    expect(d.pending.map((m) => m.slug).sort()).toEqual(named.sort());
    const [first, ...rest] = d.pending;
    recordModuleOpened(userId, first!.slug);
    expect(demand()?.pending.map((m) => m.slug)).toEqual(rest.map((m) => m.slug));
    for (const m of rest) recordModuleOpened(userId, m.slug);
    expect(demand()).toBeNull();
  });

  it('does not count a module opened before the second failure', () => {
    sit(3);
    for (const m of modules) recordModuleOpened(userId, m.slug);
    sit(3);
    expect(demand()?.pending.length).toBeGreaterThan(0);
  });

  it('asks again after every second failure in a row, and a pass starts the count again', () => {
    sit(3);
    sit(3);
    for (const m of modules) recordModuleOpened(userId, m.slug);
    sit(3);
    expect(demand()).toBeNull();
    sit(3);
    expect(demand()?.failures).toBe(4);
    for (const m of modules) recordModuleOpened(userId, m.slug);
    sit(0);
    sit(3);
    sit(3);
    expect(failuresInARow(attemptsForUser(userId))).toBe(2);
    expect(demand()?.failures).toBe(2);
  });
});
