/** The question statistics officers read: the discrimination maths, the flags, the SQL sums and the CSV. */
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import {
  itemRestCorrelation,
  MIN_DRAWN_FOR_FLAGS,
  questionFlags,
  questionStatistics,
  questionStatisticsCsv,
  type ResponseSums,
} from '../../src/lib/officer/question-stats.ts';
import { questionsForAttempt, startAttempt, submitAttempt } from '../../src/lib/training/assessment.ts';
import { driverWithAccount } from './certificates-fixtures.ts';
import { readAssessmentCourse } from './support/course-files.ts';

/** Running sums over (right, attempt score) pairs, as the trigger keeps them. */
function sumsOf(responses: ReadonlyArray<[right: 0 | 1, score: number]>): ResponseSums {
  return responses.reduce(
    (s, [right, score]) => ({
      drawn: s.drawn + 1,
      answeredRight: s.answeredRight + right,
      sumScore: s.sumScore + score,
      sumScoreRight: s.sumScoreRight + score * right,
      sumScoreSquared: s.sumScoreSquared + score * score,
    }),
    { drawn: 0, answeredRight: 0, sumScore: 0, sumScoreRight: 0, sumScoreSquared: 0 },
  );
}

/** The item-rest correlation of attempts written as in a worked example: `(right, attempt score)` pairs. */
function correlationOf(attempts: string): number | null {
  const pairs = [...attempts.matchAll(/\((0|1),\s*(\d+)\)/g)].map(
    ([, right, score]) => [Number(right) as 0 | 1, Number(score)] as [0 | 1, number],
  );
  return itemRestCorrelation(sumsOf(pairs));
}

describe('discrimination (item-rest point-biserial)', () => {
  it('matches the textbook formula on a small data set worked by hand', () => {
    // Attempts (right, total): (1,9) (1,7) (0,6) (1,5) (0,2) → rest 8, 6, 6, 4, 2.
    // Right: rest mean 6; wrong: rest mean 4; all rests: mean 5.2, population sd √4.16; p = 0.6.
    // r = (6 − 4) / √4.16 × √(0.6 × 0.4) = 0.48038…
    const r = correlationOf('(1,9) (1,7) (0,6) (1,5) (0,2)');
    expect(r).toBeCloseTo((2 / Math.sqrt(4.16)) * Math.sqrt(0.24), 10);
    expect(r).toBeCloseTo(0.4804, 4);
  });

  it('is negative when drivers who do well elsewhere get the question wrong', () => {
    const r = correlationOf('(0,9) (0,8) (1,5) (1,4) (1,3)');
    expect(r).toBeLessThan(-0.9);
  });

  it('is +1 when the rest of the attempt is high exactly when the question is right', () => {
    expect(correlationOf('(1,10) (1,10) (0,8) (0,8)')).toBeCloseTo(1, 10);
  });

  it('cannot be worked out when everyone is right, or every rest score is the same', () => {
    expect(correlationOf('(1,9) (1,7)')).toBeNull();
    expect(correlationOf('(1,6) (0,5)')).toBeNull();
    expect(correlationOf('(1,6)')).toBeNull();
  });
});

describe('flags', () => {
  const n = MIN_DRAWN_FOR_FLAGS;

  it('flags almost always right above 95%, mostly wrong below 40%, and negative discrimination', () => {
    expect(questionFlags(n, 96, 0.3)).toEqual(['almost_always_right']);
    expect(questionFlags(n, 95, 0.3)).toEqual([]);
    expect(questionFlags(n, 39.9, 0.3)).toEqual(['mostly_wrong']);
    expect(questionFlags(n, 40, 0.3)).toEqual([]);
    expect(questionFlags(n, 35, -0.1)).toEqual(['mostly_wrong', 'strong_candidates_wrong']);
    expect(questionFlags(n, 70, 0)).toEqual([]);
    expect(questionFlags(n, 100, null)).toEqual(['almost_always_right']);
  });

  it('flags nothing until the question has been answered often enough', () => {
    expect(questionFlags(n - 1, 10, -0.5)).toEqual([]);
    expect(questionFlags(0, null, null)).toEqual([]);
  });
});

describe('statistics from recorded attempts', () => {
  const { bank, modules } = readAssessmentCourse();
  let db: Db;
  beforeEach(() => {
    db = memoryDb();
    useDb(db);
  });
  afterEach(() => useDb(null));

  /** One driver's attempt, wrong on the questions `isWrong` picks. */
  function sit(isWrong: (questionId: string, position: number) => boolean) {
    const { user } = driverWithAccount(db);
    const attempt = startAttempt(user.id, bank, 10);
    const seen = questionsForAttempt(attempt, bank);
    const answers = Object.fromEntries(
      seen.map((q, i) => [q.id, q.options.find((o) => o.correct !== isWrong(q.id, i))!.id]),
    );
    const result = submitAttempt({
      userId: user.id,
      attemptId: attempt.id,
      questions: seen,
      answers,
      passMark: 80,
      completedOn: '2016-08-01',
    });
    return { seen, answers, result };
  }

  it('adds up the same figures as the raw responses, per question and per module', () => {
    const raw = new Map<string, Array<[0 | 1, number]>>();
    const failedNaming = new Map<string, number>();
    let failed = 0;
    for (let i = 0; i < 40; i += 1) {
      const { seen, result } = sit((_, position) => position < i % 5);
      if (result.outcome !== 'submitted') throw new Error('not submitted');
      if (!result.passed) failed += 1;
      const wrongModules = new Set<string>();
      seen.forEach((q, position) => {
        const right = position < i % 5 ? 0 : 1;
        raw.set(q.id, [...(raw.get(q.id) ?? []), [right, result.score]]);
        if (!right && !result.passed) wrongModules.add(q.module);
      });
      for (const m of wrongModules) failedNaming.set(m, (failedNaming.get(m) ?? 0) + 1);
    }
    const stats = questionStatistics(bank, modules);
    expect(stats.attempts).toBe(40);
    expect(stats.failedAttempts).toBe(failed);
    for (const q of stats.questions) {
      const responses = raw.get(q.id) ?? [];
      expect(q.drawn).toBe(responses.length);
      if (responses.length === 0) continue;
      const right = responses.filter(([r]) => r === 1).length;
      expect(q.percentRight).toBeCloseTo((right * 100) / responses.length, 10);
      const expected = itemRestCorrelation(sumsOf(responses));
      if (expected === null) expect(q.discrimination).toBeNull();
      else expect(q.discrimination).toBeCloseTo(expected, 10);
    }
    for (const m of stats.modules) {
      expect(m.failedAttemptsNamed).toBe(failedNaming.get(m.slug) ?? 0);
      expect(m.questions).toBe(bank.filter((q) => q.module === m.slug).length);
    }
    expect(stats.modules.reduce((n, m) => n + m.answers, 0)).toBe(400);
  });

  it('downloads as CSV with a byte order mark, a header and one row per question', () => {
    sit(() => false);
    const csv = questionStatisticsCsv(questionStatistics(bank, modules));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv.slice(1)) as string[][];
    expect(rows[0]).toEqual([
      'Question id',
      'Module',
      'Question',
      'Times drawn',
      'Per cent right',
      'Discrimination',
      'Flags',
    ]);
    expect(rows).toHaveLength(bank.length + 1);
    const drawn = rows.slice(1).filter((r) => r[3] === '1');
    expect(drawn).toHaveLength(10);
    for (const r of drawn) expect(r[4]).toBe('100.0');
  });
});
