/**
 * Learning after failing the assessment. After the second failed attempt in a
 * row, and again after every second failure in a row after that (the 4th, the
 * 6th, ...), the assessment stays shut until the driver has opened again each
 * module that the failing attempt named. A pass starts the count again. So a
 * driver always gets one retry straight away, and every further retry follows
 * a return to the course. The server enforces this for GET and POST alike.
 */
import type { Question } from '../content/course-schemas.ts';
import { answersOf, modulesToRevisit, questionsForAttempt, type Attempt } from './assessment.ts';
import type { ProgressRow } from './progress.ts';

/** How many failures in a row shut the assessment until the named modules are opened again. */
export const FAILURES_BEFORE_REVISIT = 2;

/** Failed attempts since the last pass, counting back from the newest submitted attempt. */
export function failuresInARow(attempts: ReadonlyArray<Pick<Attempt, 'submittedAt' | 'passed'>>): number {
  let failures = 0;
  for (const a of attempts) {
    if (a.submittedAt === null) continue;
    if (a.passed) break;
    failures += 1;
  }
  return failures;
}

export interface RevisitDemand {
  /** The failed attempt whose named modules must be opened again. */
  attemptId: number;
  failures: number;
  /** Modules it named that have not been opened since, in course order. */
  pending: Array<{ slug: string; title: string }>;
}

/**
 * What the driver must reopen before the next attempt, or null when they may
 * go on. `attempts` are the user's attempts, newest first.
 */
export function revisitDemand(
  attempts: readonly Attempt[],
  progress: ReadonlyMap<string, Pick<ProgressRow, 'openedAfterAttempt'>>,
  modules: ReadonlyArray<{ slug: string; title: string }>,
  bank: readonly Question[],
): RevisitDemand | null {
  const failures = failuresInARow(attempts);
  if (failures < FAILURES_BEFORE_REVISIT || failures % FAILURES_BEFORE_REVISIT !== 0) return null;
  const latest = attempts.find((a) => a.submittedAt !== null)!;
  const named = modulesToRevisit(questionsForAttempt(latest, bank), answersOf(latest), modules);
  const pending = named.filter((m) => (progress.get(m.slug)?.openedAfterAttempt ?? 0) < latest.id);
  return pending.length > 0 ? { attemptId: latest.id, failures, pending } : null;
}
