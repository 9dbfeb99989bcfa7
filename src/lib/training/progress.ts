/**
 * A driver's way through the modules. The server, not the browser, decides
 * how far a driver may go: a section opens only once the one before it has
 * been read, and a module is complete only when its last section has been
 * reached and its scenario answered.
 */
import { and, eq, sql } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { moduleProgress } from '../../../db/schema.ts';
import { now } from '../clock.ts';
import { preparedOnce } from '../prepared.ts';

export type ModuleState = 'not_started' | 'in_progress' | 'completed';

/** Wording for each module state, shown as a tag in the task list. */
export const MODULE_STATE_LABELS: Record<ModuleState, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
};

/** What progress rules need to know about a module. */
export interface ModuleShape {
  slug: string;
  sectionCount: number;
  /** Ids of the scenario's choices. */
  choiceIds: readonly string[];
}

export type ProgressRow = typeof moduleProgress.$inferSelect;

const userProgress = preparedOnce((db: Executor) =>
  db
    .select()
    .from(moduleProgress)
    .where(eq(moduleProgress.userId, sql.placeholder('userId')))
    .prepare(),
);

/** Every module row for a user, keyed by module slug. */
export function progressForUser(userId: number, db: Executor = getDb()): Map<string, ProgressRow> {
  const rows = userProgress(db).all({ userId });
  return new Map(rows.map((r) => [r.moduleSlug, r]));
}

/** A module's state from its progress row. */
export function moduleState(row: ProgressRow | undefined): ModuleState {
  if (!row) return 'not_started';
  return row.completedAt !== null ? 'completed' : 'in_progress';
}

/** The furthest section (0-based) the driver may open; the first is always open. */
export function furthestOpen(row: ProgressRow | undefined, sectionCount: number): number {
  return Math.max(0, Math.min(row?.furthestSection ?? 0, sectionCount - 1));
}

/** Whether the driver has reached the last section, which opens the scenario. */
export function hasReachedEnd(row: ProgressRow | undefined, sectionCount: number): boolean {
  return furthestOpen(row, sectionCount) >= sectionCount - 1;
}

/** Whether every given module is complete. */
export function allModulesComplete(
  progress: Map<string, ProgressRow>,
  modules: ReadonlyArray<{ slug: string }>,
): boolean {
  return modules.length > 0 && modules.every((m) => moduleState(progress.get(m.slug)) === 'completed');
}

function rowFor(db: Executor, userId: number, slug: string): ProgressRow | undefined {
  return db
    .select()
    .from(moduleProgress)
    .where(and(eq(moduleProgress.userId, userId), eq(moduleProgress.moduleSlug, slug)))
    .get();
}

export type ContinueResult = { ok: true; next: number | 'scenario' } | { ok: false; resumeAt: number };

/**
 * Records that the driver read section `fromIndex` (0-based) and moves them on.
 * Refused when that section was not yet open to them (a hand-made request
 * cannot skip ahead). The furthest section only ever grows.
 */
export function recordContinue(userId: number, module: ModuleShape, fromIndex: number): ContinueResult {
  const db = getDb();
  return db.transaction((tx) => {
    const row = rowFor(tx, userId, module.slug);
    const open = furthestOpen(row, module.sectionCount);
    if (!Number.isInteger(fromIndex) || fromIndex < 0 || fromIndex > open) return { ok: false, resumeAt: open };
    const last = module.sectionCount - 1;
    const next = Math.min(fromIndex + 1, last);
    tx.insert(moduleProgress)
      .values({ userId, moduleSlug: module.slug, furthestSection: next, startedAt: now().getTime() })
      .onConflictDoUpdate({
        target: [moduleProgress.userId, moduleProgress.moduleSlug],
        set: { furthestSection: sql`max(${moduleProgress.furthestSection}, ${next})` },
      })
      .run();
    return { ok: true, next: fromIndex >= last ? 'scenario' : next };
  });
}

export type ScenarioResult = 'recorded' | 'not_reached' | 'invalid_choice';

/**
 * Records the driver's scenario answer. Only once the last section has been
 * reached; the first answer completes the module, and a later one replaces
 * the stored answer without changing when the module was completed.
 */
export function recordScenarioAnswer(userId: number, module: ModuleShape, choiceId: string): ScenarioResult {
  if (!module.choiceIds.includes(choiceId)) return 'invalid_choice';
  const db = getDb();
  return db.transaction((tx) => {
    const row = rowFor(tx, userId, module.slug);
    if (!row || !hasReachedEnd(row, module.sectionCount)) return 'not_reached';
    tx.update(moduleProgress)
      .set({ scenarioAnswer: choiceId, completedAt: row.completedAt ?? now().getTime() })
      .where(and(eq(moduleProgress.userId, userId), eq(moduleProgress.moduleSlug, module.slug)))
      .run();
    return 'recorded';
  });
}

const markOpenedAfterAttempt = preparedOnce((db: Executor) => {
  const latest = sql`(SELECT max(id) FROM assessment_attempts WHERE user_id = ${sql.placeholder('userId')} AND submitted_at IS NOT NULL)`;
  return db
    .update(moduleProgress)
    .set({ openedAfterAttempt: latest })
    .where(
      and(
        eq(moduleProgress.userId, sql.placeholder('userId')),
        eq(moduleProgress.moduleSlug, sql.placeholder('slug')),
        sql`${latest} IS NOT NULL`,
        sql`coalesce(${moduleProgress.openedAfterAttempt}, 0) < ${latest}`,
      ),
    )
    .prepare();
});

/**
 * Notes that the user has opened a module since their latest submitted
 * attempt, which is what lets them back into the assessment after failing
 * (see `retake.ts`). Writes only when that attempt is newer than the one noted.
 */
export function recordModuleOpened(userId: number, slug: string, db: Executor = getDb()): void {
  markOpenedAfterAttempt(db).run({ userId, slug });
}
