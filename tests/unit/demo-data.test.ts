import { describe, expect, it } from 'vitest';
import { today } from '../../src/lib/clock.ts';
import { buildDemoRegister, DEMO_DRIVER_COUNT, DEMO_FACE_TO_FACE_COUNT } from '../../src/lib/demo/register.ts';
import { readCourseModules, readQuestionBank } from '../../src/lib/content/course-files.ts';
import { seededDemoDb } from './support/demo.ts';

const DAY = '2016-08-01';

describe('demo register', () => {
  it('has 1,757 drivers with unique badges, 683 of them trained face to face before the day', () => {
    const register = buildDemoRegister(2016, DAY, 6);
    expect(register.drivers).toHaveLength(1757);
    expect(DEMO_DRIVER_COUNT).toBe(1757);
    expect(new Set(register.drivers.map((d) => d.badgeNumber)).size).toBe(1757);
    expect(new Set(register.sessions.map((s) => s.badgeNumber)).size).toBe(683);
    expect(DEMO_FACE_TO_FACE_COUNT).toBe(683);
    expect(register.sessions.every((s) => s.sessionDate < DAY && s.sessionDate >= '2016-02-01')).toBe(true);
    const trained = new Set(register.sessions.map((s) => s.badgeNumber));
    expect(register.learners.some((l) => trained.has(l.badgeNumber))).toBe(false);
    expect(register.learners.some((l) => l.passed)).toBe(true);
    expect(register.learners.some((l) => !l.passed && l.modulesCompleted > 0)).toBe(true);
  });

  it('is the same for the same seed and different for another', () => {
    expect(buildDemoRegister(2016, DAY, 6)).toEqual(buildDemoRegister(2016, DAY, 6));
    expect(buildDemoRegister(2017, DAY, 6).drivers).not.toEqual(buildDemoRegister(2016, DAY, 6).drivers);
  });

  // Seeds 1,757 drivers through the real imports: seconds on a quiet machine, more when it is shared.
  it('fills a database through the imports, with course progress and the two demo accounts', async () => {
    const db = await seededDemoDb(today());
    const sqlite = db.$client;
    const one = (sql: string) => sqlite.prepare(sql).pluck().get();
    expect(one('select count(*) from drivers')).toBe(1757);
    expect(one('select count(*) from drivers where postcode is not null')).toBeGreaterThan(1000);
    expect(one('select count(*) from drivers where mobile is not null')).toBeGreaterThan(500);
    expect(one('select count(distinct driver_id) from face_to_face_sessions')).toBe(683);
    expect(one("select role from users where email = 'officer@example.org'")).toBe('admin');
    expect(one("select password_hash from users where email = 'driver@example.org'")).toBe('hashed:20');
    expect(one("select count(*) from users where email = 'driver@example.org' and driver_id is not null")).toBe(1);
    expect(one('select count(distinct module_slug) from module_progress')).toBe(3);
    expect(one('select count(*) from module_progress where completed_at is null')).toBeGreaterThan(0);
    const passed = one('select count(*) from assessment_attempts where passed = 1');
    expect(passed).toBeGreaterThan(0);
    expect(one("select count(*) from certificates where kind = 'online'")).toBe(passed);
    // Every attempt went through the app's submission: a snapshot of what it showed and one response per question.
    expect(one('select count(*) from assessment_attempts where questions_seen is null')).toBe(0);
    expect(one('select min(score) from assessment_attempts where passed = 1')).toBeGreaterThanOrEqual(8);
    expect(one('select count(*) from assessment_attempts where passed = 0')).toBeGreaterThan(0);
    expect(one('select count(*) from attempt_responses')).toBe(one('select count(*) * 10 from assessment_attempts'));
    const bank = new Set(readQuestionBank().map((q) => q.id));
    const statistics = sqlite.prepare('select question_id from question_statistics').pluck().all() as string[];
    expect(statistics.length).toBeGreaterThan(10);
    expect(statistics.every((id) => bank.has(id))).toBe(true);
  }, 30_000); // 1,757 drivers through the real imports plus password hashing: seconds on a busy machine.

  it('reads the real course modules in course order and the question bank', () => {
    const slugs = readCourseModules().map((m) => m.slug);
    expect(slugs[0]).toBe('what-is-cse');
    expect(slugs).toHaveLength(6);
    expect(readQuestionBank().length).toBeGreaterThanOrEqual(30);
  });
});
