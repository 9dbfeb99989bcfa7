/**
 * `npm run bench:questions`: server-side time for the officer question
 * statistics page (`questionStatistics`, all it reads from the database) and
 * its CSV, after 10,000, 100,000 and 300,000 submitted attempts of 10
 * questions from the real bank, recorded through the same triggers as live
 * submissions; and the time to record one attempt's answers at that size.
 * Prints median and p95 over 30 runs (after 3 warm-up runs) as a Markdown table.
 *
 * Usage: npm run bench:questions [-- ATTEMPTS ...]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyMigrations, openDatabase, type Db } from '../../db/client.ts';
import { questionStatistics, questionStatisticsCsv } from '../../src/lib/officer/question-stats.ts';
import { drawQuestions, seededRandomInt } from '../../src/lib/training/assessment.ts';
import { insertUser } from '../support/factory.ts';
import { readAssessmentCourse } from '../unit/support/course-files.ts';
import { measure } from './support/timing.ts';

const ATTEMPTS_PER_DRIVER = 3;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const SIZES = sizes.length ? sizes : [10_000, 100_000, 300_000];
const { bank, modules } = readAssessmentCourse();

/**
 * Attempts by drivers of varied ability on questions of varied difficulty (a
 * logistic model), so per cent right and discrimination vary as they would.
 */
function fill(db: Db, attempts: number): void {
  const random = seededRandomInt(`questions-bench-${attempts}`);
  const unit = () => random(1_000_000) / 1_000_000;
  const difficulty = new Map(bank.map((q) => [q.id, unit() * 3 - 1.5]));
  const sqlite = db.$client;
  const attempt = sqlite.prepare(
    `insert into assessment_attempts (user_id, question_ids, score, passed, started_at, submitted_at)
     values (?, '[]', ?, ?, 0, 0)`,
  );
  const response = sqlite.prepare(
    `insert into attempt_responses
       (attempt_id, position, question_id, module_slug, correct, attempt_score, attempt_questions, attempt_passed)
     values (?, ?, ?, ?, ?, ?, 10, ?)`,
  );
  sqlite.transaction(() => {
    let userId = 0;
    let ability = 0;
    for (let i = 0; i < attempts; i += 1) {
      if (i % ATTEMPTS_PER_DRIVER === 0) {
        userId = insertUser(sqlite, { email: `q${i}@example.test` });
        ability = unit() * 5 - 1;
      }
      const drawn = drawQuestions(bank, 10, random);
      const right = drawn.map((q) => (unit() < 1 / (1 + Math.exp(difficulty.get(q.id)! - ability)) ? 1 : 0));
      const score = right.reduce<number>((a, b) => a + b, 0);
      const passed = score >= 8 ? 1 : 0;
      const attemptId = Number(attempt.run(userId, score, passed).lastInsertRowid);
      drawn.forEach((q, position) => response.run(attemptId, position, q.id, q.module, right[position], score, passed));
    }
  })();
  sqlite.exec('ANALYZE');
}

/** One more failed attempt's ten answers, in a transaction rolled back so every run sees the same database. */
function recordOneAttempt(db: Db): void {
  const sqlite = db.$client;
  const drawn = drawQuestions(bank, 10);
  const insert = sqlite.prepare(
    `insert into attempt_responses
       (attempt_id, position, question_id, module_slug, correct, attempt_score, attempt_questions, attempt_passed)
     values (?, ?, ?, ?, ?, 5, 10, 0)`,
  );
  sqlite.exec('BEGIN');
  try {
    const attemptId = Number(
      sqlite
        .prepare(
          `insert into assessment_attempts (user_id, question_ids, score, passed, started_at, submitted_at)
           values (1, '[]', 5, 0, 0, 0)`,
        )
        .run().lastInsertRowid,
    );
    drawn.forEach((q, position) => insert.run(attemptId, position, q.id, q.module, position % 2));
  } finally {
    sqlite.exec('ROLLBACK');
  }
}

const ms = (n: number) => n.toFixed(2);
const tasks: Array<{ name: string; run: (db: Db) => unknown }> = [
  { name: 'statistics page data (questions, modules, totals)', run: (db) => questionStatistics(bank, modules, db) },
  { name: 'CSV download', run: (db) => questionStatisticsCsv(questionStatistics(bank, modules, db)) },
  { name: "record one attempt's 10 answers (triggers)", run: recordOneAttempt },
];

console.log(`| attempts | task | median ms | p95 ms |\n|---:|---|---:|---:|`);
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'questions-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  applyMigrations(db);
  const started = performance.now();
  fill(db, size);
  console.error(`filled ${size} attempts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const task of tasks) {
    const { median, p95 } = measure(() => task.run(db));
    console.log(`| ${size.toLocaleString('en-GB')} | ${task.name} | ${ms(median)} | ${ms(p95)} |`);
  }
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
}
