/**
 * Where a driver stands with the assessment, as its pages need it: the course and question bank, their
 * progress and attempts (newest first), their status, the modules still unfinished and, once there are none,
 * what the retake rules ask them to reopen. One loader, so the assessment page and its result page judge alike.
 */
import { attemptsForUser } from './assessment.ts';
import { loadModules, loadQuestionBank } from './course.ts';
import { statusForUser } from './facts.ts';
import { moduleState, progressForUser } from './progress.ts';
import { revisitDemand } from './retake.ts';

/** The driver's standing with the assessment, read fresh for one request. */
export async function assessmentStanding(userId: number) {
  const [modules, bank] = await Promise.all([loadModules(), loadQuestionBank()]);
  const progress = progressForUser(userId);
  const attempts = attemptsForUser(userId);
  const unfinished = modules.filter((m) => moduleState(progress.get(m.slug)) !== 'completed');
  const demand = unfinished.length === 0 ? revisitDemand(attempts, progress, modules, bank) : null;
  return { modules, bank, progress, attempts, unfinished, demand, status: statusForUser(userId) };
}
