/**
 * Everything the course overview and module pages need about one driver:
 * each module's state and where to resume it, whether the assessment is open,
 * and the driver's status and deadline.
 */
import { getDb } from '../db.ts';
import { certificates } from '../../../db/schema.ts';
import { and, isNull } from 'drizzle-orm';
import { config } from '../config.ts';
import { openAttempt, attemptsForUser } from './assessment.ts';
import type { CourseModule } from './course.ts';
import { statusFactsForUser } from './facts.ts';
import {
  allModulesComplete,
  furthestOpen,
  hasReachedEnd,
  moduleState,
  progressForUser,
  type ModuleState,
  type ProgressRow,
} from './progress.ts';
import { completionExpiresOn, deriveStatus, type DriverStatus } from './status.ts';
import { today } from '../clock.ts';
import { formatDate, STATUS_LABELS } from '../format.ts';
import { heldBy } from '../certificates/held-by.ts';
import { ASSESSMENT_PATH, modulePath, scenarioPath } from '../paths.ts';

/** Where a driver picks a module up again: its furthest open section, or its scenario. */
export function resumeHref(module: Pick<CourseModule, 'slug' | 'sections'>, row: ProgressRow | undefined): string {
  const count = module.sections.length;
  if (row && row.completedAt === null && hasReachedEnd(row, count)) return scenarioPath(module.slug);
  return modulePath(module.slug, furthestOpen(row, count) + 1);
}

export type AssessmentState = 'cannot_start' | 'not_started' | 'in_progress' | 'completed';

/** Wording for the assessment's tag in the task list. */
export const ASSESSMENT_STATE_LABELS: Record<AssessmentState, string> = {
  cannot_start: 'Cannot start yet',
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
};

export interface CourseOverview {
  modules: Array<{ module: CourseModule; state: ModuleState; href: string }>;
  allComplete: boolean;
  /** The link for "Continue where you left off" (or "Start the course"). */
  next: { href: string; label: string; started: boolean };
  assessment: AssessmentState;
  status: DriverStatus;
  statusLabel: string;
  isApplicant: boolean;
  /** The deadline as drivers read it, or the applicants' wording. */
  deadlineText: string;
  /** The newest completion and when it stops counting, when there is one. */
  completedOn: string | null;
  expiresOn: string | null;
  /** Whether the driver holds an online certificate that has not been revoked. */
  hasCertificate: boolean;
}

/**
 * The assessment's task-list state. Attempts count as "in progress" only
 * since the last pass, so a driver whose completion has expired starts afresh.
 */
function assessmentState(userId: number, allComplete: boolean, status: DriverStatus): AssessmentState {
  if (!allComplete) return 'cannot_start';
  const attempts = attemptsForUser(userId);
  const lastPass = attempts.find((a) => a.passed);
  if (status === 'completed' && lastPass) return 'completed';
  if (openAttempt(userId)) return 'in_progress';
  return attempts.some((a) => a.id > (lastPass?.id ?? 0)) ? 'in_progress' : 'not_started';
}

/** Builds the overview for a user from the database and the course content. */
export function courseOverview(
  user: { id: number; driverId: number | null },
  modules: readonly CourseModule[],
): CourseOverview {
  const userId = user.id;
  const progress = progressForUser(userId);
  const facts = statusFactsForUser(userId);
  const status = deriveStatus(facts, { deadline: config.deadline, refresherMonths: config.refresherMonths }, today());
  const allComplete = allModulesComplete(progress, modules);
  const rows = modules.map((module) => {
    const row = progress.get(module.slug);
    return { module, state: moduleState(row), href: resumeHref(module, row) };
  });
  const firstUnfinished = rows.find((r) => r.state !== 'completed');
  const started = progress.size > 0;
  const next = firstUnfinished
    ? { href: firstUnfinished.href, label: started ? 'Continue where you left off' : 'Start the course', started }
    : { href: ASSESSMENT_PATH, label: 'Go to the assessment', started };
  const certificate = getDb()
    .select({ id: certificates.id })
    .from(certificates)
    .where(and(isNull(certificates.revokedAt), heldBy({ userId, driverId: user.driverId })))
    .get();
  return {
    modules: rows,
    allComplete,
    next,
    assessment: assessmentState(userId, allComplete, status),
    status,
    statusLabel: STATUS_LABELS[status],
    isApplicant: facts.isApplicant,
    deadlineText: facts.isApplicant ? 'Required before your licence is granted' : formatDate(config.deadline),
    completedOn: facts.lastCompletedOn,
    expiresOn: facts.lastCompletedOn ? completionExpiresOn(facts.lastCompletedOn, config.refresherMonths) : null,
    hasCertificate: certificate !== undefined,
  };
}
