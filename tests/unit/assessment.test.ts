import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { certificates, users } from '../../db/schema.ts';
import {
  drawQuestions,
  hasPassed,
  modulesToRevisit,
  optionsInOrder,
  scoreAnswers,
  seededRandomInt,
  startAttempt,
  submitAttempt,
  questionsForAttempt,
  type SeenQuestion,
} from '../../src/lib/training/assessment.ts';
import { parseAnswers } from '../../src/lib/training/answers.ts';
import { readAssessmentCourse } from './support/course-files.ts';
import { eachTestWithDriver } from './certificates-fixtures.ts';

const { bank, modules } = readAssessmentCourse();
const correctId = (q: SeenQuestion) => q.options.find((o) => o.correct)!.id;
const wrongId = (q: SeenQuestion) => q.options.find((o) => !o.correct)!.id;
const allRight = (qs: SeenQuestion[]) => Object.fromEntries(qs.map((q) => [q.id, correctId(q)]));

describe('drawing questions', () => {
  it('draws the configured number of different questions from the bank', () => {
    const drawn = drawQuestions(bank, 10);
    expect(drawn).toHaveLength(10);
    expect(new Set(drawn.map((q) => q.id)).size).toBe(10);
    for (const q of drawn) expect(bank).toContain(q);
  });

  it('covers every module when there are more questions than modules, at most two from each', () => {
    for (let i = 0; i < 50; i += 1) {
      const perModule = new Map<string, number>();
      for (const q of drawQuestions(bank, 10)) perModule.set(q.module, (perModule.get(q.module) ?? 0) + 1);
      expect(perModule.size).toBe(modules.length);
      expect(Math.max(...perModule.values())).toBeLessThanOrEqual(2);
    }
  });

  it('makes a fresh draw each time: 200 pairs of draws almost never repeat the same set', () => {
    let same = 0;
    for (let i = 0; i < 200; i += 1) {
      const a = drawQuestions(bank, 10)
        .map((q) => q.id)
        .sort()
        .join();
      const b = drawQuestions(bank, 10)
        .map((q) => q.id)
        .sort()
        .join();
      if (a === b) same += 1;
    }
    expect(same).toBeLessThanOrEqual(1);
  });

  it('is repeatable with a seeded random source and differs between seeds', () => {
    const ids = (seed: string) => drawQuestions(bank, 10, seededRandomInt(seed)).map((q) => q.id);
    expect(ids('one')).toEqual(ids('one'));
    expect(ids('one')).not.toEqual(ids('two'));
  });

  it('shows options in a stable shuffled order per attempt', () => {
    const q = bank.find((x) => x.options.length === 4)!;
    expect(optionsInOrder(q, '1:5')).toEqual(optionsInOrder(q, '1:5'));
    expect([...optionsInOrder(q, '1:5')].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...q.options].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const orders = new Set(
      Array.from({ length: 30 }, (_, i) =>
        optionsInOrder(q, `${i}:9`)
          .map((o) => o.id)
          .join(''),
      ),
    );
    expect(orders.size).toBeGreaterThan(5);
  });
});

describe('scoring', () => {
  const ten = bank.slice(0, 10);

  it('counts answers that name the correct option', () => {
    const answers = allRight(ten);
    expect(scoreAnswers(ten, answers)).toBe(10);
    answers[ten[0]!.id] = wrongId(ten[0]!);
    delete answers[ten[1]!.id];
    expect(scoreAnswers(ten, answers)).toBe(8);
  });

  it('passes at exactly the pass mark and fails one below it', () => {
    expect(hasPassed(8, 10, 80)).toBe(true);
    expect(hasPassed(7, 10, 80)).toBe(false);
    expect(hasPassed(10, 10, 100)).toBe(true);
    expect(hasPassed(0, 0, 80)).toBe(false);
  });

  it('names the modules to revisit, in course order, and nothing about questions or answers', () => {
    const picked = [
      bank.find((q) => q.module === 'what-to-do')!,
      bank.find((q) => q.module === 'what-is-cse')!,
      bank.find((q) => q.module === 'scenarios')!,
    ];
    const answers = {
      [picked[0]!.id]: wrongId(picked[0]!),
      [picked[1]!.id]: wrongId(picked[1]!),
      [picked[2]!.id]: correctId(picked[2]!),
    };
    const revisit = modulesToRevisit(picked, answers, modules);
    expect(revisit.map((m) => m.slug)).toEqual(['what-is-cse', 'what-to-do']);
    for (const m of revisit) expect(Object.keys(m).sort()).toEqual(['slug', 'title']);
    const shown = JSON.stringify(revisit);
    for (const q of picked) for (const o of q.options) expect(shown).not.toContain(o.text);
  });

  it('reads submitted positions, in the order the attempt shows the options, back to option ids', () => {
    const [a, b, c] = bank.map((q) => ({ ...q, options: optionsInOrder(q, '3:77') }));
    const posOfCorrect = a!.options.findIndex((o) => o.correct);
    const form = { [`q-${a!.id}`]: String(posOfCorrect), [`q-${b!.id}`]: '9' };
    const parsed = parseAnswers(form, [a!, b!, c!]);
    expect(parsed.answers).toEqual({ [a!.id]: correctId(a!) });
    expect(parsed.missing).toEqual([b!.id, c!.id]);
  });
});

describe('attempts in the database', () => {
  let db: Db;
  let userId: number;
  let otherId: number;

  eachTestWithDriver((fixture) => ({ db, userId } = fixture), {
    forenames: 'Amir',
    surname: 'Khan',
    badgeNumber: 'B1',
  });
  beforeEach(() => {
    otherId = db.insert(users).values({ email: 'b@example.test', role: 'driver', createdAt: 1 }).returning().get().id;
  });

  it('keeps the open attempt on a second start and draws afresh after a submit', () => {
    const first = startAttempt(userId, bank, 10);
    expect(startAttempt(userId, bank, 10).id).toBe(first.id);
    const qs = questionsForAttempt(first, bank);
    expect(qs).toHaveLength(10);
    submitAttempt({ userId, attemptId: first.id, questions: qs, answers: {}, passMark: 80, completedOn: '2016-08-01' });
    const second = startAttempt(userId, bank, 10);
    expect(second.id).not.toBe(first.id);
  });

  it('stores a failed attempt without a certificate', () => {
    const attempt = startAttempt(userId, bank, 10);
    const qs = questionsForAttempt(attempt, bank);
    const answers = allRight(qs);
    for (const q of qs.slice(0, 3)) answers[q.id] = wrongId(q);
    const result = submitAttempt({
      userId,
      attemptId: attempt.id,
      questions: qs,
      answers,
      passMark: 80,
      completedOn: '2016-08-01',
    });
    expect(result).toMatchObject({ outcome: 'submitted', passed: false, score: 7, certificateId: null });
    expect(db.select().from(certificates).all()).toHaveLength(0);
  });

  it('issues exactly one certificate however often a pass is submitted', () => {
    const attempt = startAttempt(userId, bank, 10);
    const qs = questionsForAttempt(attempt, bank);
    const input = {
      userId,
      attemptId: attempt.id,
      questions: qs,
      answers: allRight(qs),
      passMark: 80,
      completedOn: '2016-08-01',
    };
    expect(submitAttempt(input)).toMatchObject({ outcome: 'submitted', passed: true, score: 10 });
    expect(submitAttempt(input)).toEqual({ outcome: 'already_submitted' });
    const certs = db.select().from(certificates).all();
    expect(certs).toHaveLength(1);
    expect(certs[0]).toMatchObject({
      kind: 'online',
      attemptId: attempt.id,
      holderName: 'Amir Khan',
      badgeNumber: 'B1',
      completedOn: '2016-08-01',
      expiresOn: '2019-08-01',
    });
  });

  it("refuses to submit another user's attempt", () => {
    const attempt = startAttempt(userId, bank, 10);
    const qs = questionsForAttempt(attempt, bank);
    expect(
      submitAttempt({
        userId: otherId,
        attemptId: attempt.id,
        questions: qs,
        answers: allRight(qs),
        passMark: 80,
        completedOn: '2016-08-01',
      }),
    ).toEqual({ outcome: 'not_found' });
    expect(db.select().from(certificates).all()).toHaveLength(0);
  });
});
