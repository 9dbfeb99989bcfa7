/**
 * Where each step of a module leads, as its two pages (the sections and the
 * scenario) need it: which section a visit opens, where Continue goes, what a
 * posted answer does, and which button follows the feedback. The rules on how
 * far a driver may go are progress.ts's; this turns their verdicts into the
 * page to show or the address to send the driver to instead.
 */
import { z } from 'zod';
import type { CourseModule, FoundModule } from './course.ts';
import type { CourseSection } from './sections.ts';
import { resumeHref } from './overview.ts';
import {
  allModulesComplete,
  furthestOpen,
  hasReachedEnd,
  moduleState,
  progressForUser,
  recordContinue,
  recordModuleOpened,
  recordScenarioAnswer,
  type ModuleShape,
  type ModuleState,
  type ProgressRow,
} from './progress.ts';
import { ASSESSMENT_PATH, moduleHomePath, modulePath, scenarioPath, TRAINING_PATH } from '../paths.ts';

/** Another address to send the driver to (with a 303) instead of the page they asked for. */
export interface Redirect {
  redirect: string;
}

/**
 * Where Continue on a section leads once that section is recorded as read:
 * the next section, or the scenario after the last. A post for a section not
 * yet open goes back to the furthest open one, so a hand-made request cannot
 * skip ahead; a post that names no section of the module starts it again.
 */
export function continueTarget(userId: number, shape: ModuleShape, form: Record<string, string>): string {
  const posted = z.object({ section: z.coerce.number().int().min(1).max(shape.sectionCount) }).safeParse(form);
  const result = posted.success
    ? recordContinue(userId, shape, posted.data.section - 1)
    : { ok: false as const, resumeAt: 0 };
  if (!result.ok) return modulePath(shape.slug, result.resumeAt + 1);
  return result.next === 'scenario' ? scenarioPath(shape.slug) : modulePath(shape.slug, result.next + 1);
}

/** The section a visit shows, with what the page says about the driver's place in the module. */
export interface SectionVisit {
  section: CourseSection;
  /** The section's place, 0-based. */
  index: number;
  /** The furthest section the driver may open, 0-based. */
  open: number;
  isLast: boolean;
  state: ModuleState;
}

/**
 * The section `asked` (1-based, from `?section=`; the first when it is not a
 * section number), or a redirect to the furthest open section when it lies
 * beyond. Every visit is noted first: opening a module after a failed attempt
 * is what reopens the assessment (retake.ts).
 */
export function openSection(
  userId: number,
  module: Pick<CourseModule, 'slug' | 'sections'>,
  asked: string | null,
): SectionVisit | Redirect {
  recordModuleOpened(userId, module.slug);
  const row = progressForUser(userId).get(module.slug);
  const count = module.sections.length;
  const open = furthestOpen(row, count);
  const number = z.coerce
    .number()
    .int()
    .min(1)
    .safeParse(asked ?? '1');
  const index = number.success ? number.data - 1 : 0;
  if (index > open) return { redirect: modulePath(module.slug, open + 1) };
  return { section: module.sections[index]!, index, open, isLast: index === count - 1, state: moduleState(row) };
}

/**
 * Records a posted answer to the module's scenario, after which the page
 * shows its feedback. A driver who has not reached the last section is sent
 * back to where they may resume; a post without one of the scenario's
 * choices gets the message to show beside them.
 */
export function answerScenario(
  userId: number,
  { module, shape }: Pick<FoundModule, 'module' | 'shape'>,
  form: Record<string, string>,
): Redirect | { error: string } {
  const posted = z.object({ choice: z.string().max(100) }).safeParse(form);
  const outcome = posted.success ? recordScenarioAnswer(userId, shape, posted.data.choice) : 'invalid_choice';
  if (outcome === 'recorded') return { redirect: scenarioPath(module.slug) };
  if (outcome === 'not_reached') return { redirect: resumeHref(module, progressForUser(userId).get(module.slug)) };
  return { error: 'Choose an answer' };
}

/** A link the page shows as its main button. */
export interface NextStep {
  href: string;
  label: string;
}

/** What the scenario page shows: the question, or the feedback on the stored answer and the step after it. */
export interface ScenarioVisit {
  /** The choice whose feedback to show; undefined while the question is asked. */
  answered: CourseModule['scenario']['choices'][number] | undefined;
  next: NextStep;
}

/**
 * The scenario page for the driver: the feedback on their stored answer when
 * `showAnswer` (the page asks the question again after a refused post or on
 * request), else the question. The scenario opens only once the last section
 * has been reached; until then, a redirect to where the driver may resume.
 */
export function visitScenario(
  userId: number,
  { modules, module }: Pick<FoundModule, 'modules' | 'module'>,
  showAnswer: boolean,
): ScenarioVisit | Redirect {
  const progress = progressForUser(userId);
  const row = progress.get(module.slug);
  if (!hasReachedEnd(row, module.sections.length)) return { redirect: resumeHref(module, row) };
  const answered = showAnswer ? module.scenario.choices.find((c) => c.id === row?.scenarioAnswer) : undefined;
  return { answered, next: nextStep(progress, modules, module) };
}

/**
 * After a module's feedback: the assessment once every module is complete,
 * else the next module still unfinished; when only earlier ones are, the
 * course overview, which lists them.
 */
function nextStep(
  progress: Map<string, ProgressRow>,
  modules: readonly CourseModule[],
  module: CourseModule,
): NextStep {
  if (allModulesComplete(progress, modules)) return { href: ASSESSMENT_PATH, label: 'Go to the assessment' };
  const next = modules.find((m) => m.order > module.order && progress.get(m.slug)?.completedAt == null);
  if (next) return { href: moduleHomePath(next.slug), label: `Next module: ${next.title}` };
  return { href: TRAINING_PATH, label: 'Back to your training' };
}
