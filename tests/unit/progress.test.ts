import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { assessmentAttempts, certificates, faceToFaceSessions, users } from '../../db/schema.ts';
import { statusFactsForUser, statusForUser } from '../../src/lib/training/facts.ts';
import {
  allModulesComplete,
  moduleState,
  progressForUser,
  recordContinue,
  recordScenarioAnswer,
} from '../../src/lib/training/progress.ts';
import { eachTestWithDriver } from './certificates-fixtures.ts';

const mod = { slug: 'warning-signs', sectionCount: 4, choiceIds: ['none', 'several'] };
const other = { slug: 'what-to-do', sectionCount: 2, choiceIds: ['a', 'b'] };

let db: Db;
let userId: number;
let driverId: number;

eachTestWithDriver((fixture) => ({ db, userId, driverId } = fixture), {
  forenames: 'Amir',
  surname: 'Khan',
  badgeNumber: 'B1',
});

const row = () => progressForUser(userId).get(mod.slug);

describe('module progress', () => {
  it('moves on one section at a time and refuses to skip ahead', () => {
    expect(recordContinue(userId, mod, 0)).toEqual({ ok: true, next: 1 });
    expect(recordContinue(userId, mod, 3)).toEqual({ ok: false, resumeAt: 1 });
    expect(row()?.furthestSection).toBe(1);
    expect(moduleState(row())).toBe('in_progress');
  });

  it('never moves the furthest section back when an earlier one is read again', () => {
    recordContinue(userId, mod, 0);
    recordContinue(userId, mod, 1);
    recordContinue(userId, mod, 0);
    expect(row()?.furthestSection).toBe(2);
  });

  it('opens the scenario from the last section', () => {
    for (let i = 0; i < 3; i += 1) recordContinue(userId, mod, i);
    expect(recordContinue(userId, mod, 3)).toEqual({ ok: true, next: 'scenario' });
  });

  it('does not complete a module whose scenario is answered before the last section', () => {
    expect(recordScenarioAnswer(userId, mod, 'several')).toBe('not_reached');
    recordContinue(userId, mod, 0);
    recordContinue(userId, mod, 1);
    expect(recordScenarioAnswer(userId, mod, 'several')).toBe('not_reached');
    expect(moduleState(row())).toBe('in_progress');
  });

  it('does not complete a module that reached the end without an answer', () => {
    for (let i = 0; i < 4; i += 1) recordContinue(userId, mod, i);
    expect(moduleState(row())).toBe('in_progress');
  });

  it('completes a module once the last section is reached and the scenario answered, with any choice', () => {
    for (let i = 0; i < 3; i += 1) recordContinue(userId, mod, i);
    expect(recordScenarioAnswer(userId, mod, 'made-up')).toBe('invalid_choice');
    expect(recordScenarioAnswer(userId, mod, 'none')).toBe('recorded');
    expect(moduleState(row())).toBe('completed');
    const completedAt = row()?.completedAt;
    expect(recordScenarioAnswer(userId, mod, 'several')).toBe('recorded');
    expect(row()).toMatchObject({ scenarioAnswer: 'several', completedAt });
  });

  it('counts the course complete only when every module is', () => {
    for (let i = 0; i < 3; i += 1) recordContinue(userId, mod, i);
    recordScenarioAnswer(userId, mod, 'none');
    expect(allModulesComplete(progressForUser(userId), [mod, other])).toBe(false);
    recordContinue(userId, other, 0);
    recordScenarioAnswer(userId, other, 'a');
    expect(allModulesComplete(progressForUser(userId), [mod, other])).toBe(true);
  });
});

describe('status facts', () => {
  const cert = (completedOn: string, revokedAt: number | null = null) =>
    db
      .insert(certificates)
      .values({
        code: `C-${completedOn}-${revokedAt}`,
        kind: 'online',
        userId,
        holderName: 'Amir Khan',
        completedOn,
        issuedAt: 1,
        revokedAt,
      })
      .run();

  it('is not started for a new account, and started after a section or an attempt', () => {
    expect(statusFactsForUser(userId)).toEqual({ isApplicant: false, lastCompletedOn: null, hasStarted: false });
    recordContinue(userId, mod, 0);
    expect(statusFactsForUser(userId).hasStarted).toBe(true);
    const applicant = db
      .insert(users)
      .values({ email: 'c@example.test', role: 'driver', isApplicant: true, createdAt: 1 })
      .returning()
      .get().id;
    db.insert(assessmentAttempts).values({ userId: applicant, questionIds: '[]', startedAt: 1 }).run();
    expect(statusFactsForUser(applicant)).toEqual({ isApplicant: true, lastCompletedOn: null, hasStarted: true });
  });

  it('takes the newest of non-revoked certificates and face-to-face sessions', () => {
    cert('2016-05-01');
    cert('2016-07-01', 5);
    expect(statusFactsForUser(userId).lastCompletedOn).toBe('2016-05-01');
    db.insert(faceToFaceSessions)
      .values({ driverId, sessionDate: '2016-06-10', trainer: 'T', venue: 'V', createdAt: 1 })
      .run();
    expect(statusFactsForUser(userId).lastCompletedOn).toBe('2016-06-10');
  });

  it('derives completed, then expired after the refresher period, through the status function', () => {
    cert('2016-08-01');
    expect(statusForUser(userId, db, '2016-09-02')).toBe('completed');
    expect(statusForUser(userId, db, '2019-08-01')).toBe('expired');
  });

  it('is overdue after the deadline with nothing completed', () => {
    expect(statusForUser(userId, db, '2016-09-01')).toBe('not_started');
    expect(statusForUser(userId, db, '2016-09-02')).toBe('overdue');
  });
});
