/**
 * The course as the pages see it: modules in order with their sections, the
 * question bank and the glossary, read from the content collections that
 * `content/course/` feeds.
 */
import { getCollection } from 'astro:content';
import type { CourseModuleData, GlossaryTerm, Question } from '../content/course-schemas.ts';
import { splitSections, type CourseSection } from './sections.ts';

export interface CourseModule extends CourseModuleData {
  slug: string;
  sections: CourseSection[];
}

/** Every module, in course order, split into sections. */
export async function loadModules(): Promise<CourseModule[]> {
  const entries = await getCollection('courseModules');
  return entries
    .map((entry) => ({ ...entry.data, slug: entry.id, sections: splitSections(entry.rendered?.html ?? '') }))
    .sort((a, b) => a.order - b.order);
}

/**
 * The module at `slug` with the whole course (pages need both for progress),
 * or null for an unknown or empty module.
 */
export async function findModule(
  slug: string | undefined,
): Promise<{ modules: CourseModule[]; module: CourseModule } | null> {
  const modules = await loadModules();
  const module = modules.find((m) => m.slug === slug);
  return module && module.sections.length > 0 ? { modules, module } : null;
}

/** The assessment question bank. */
export async function loadQuestionBank(): Promise<Question[]> {
  const entries = await getCollection('courseQuestions');
  return entries.map((entry) => ({ ...entry.data, id: entry.id }));
}

/** The glossary, sorted by term. */
export async function loadGlossary(): Promise<GlossaryTerm[]> {
  const entries = await getCollection('courseGlossary');
  return entries
    .map((entry) => ({ ...entry.data, id: entry.id }))
    .sort((a, b) => a.term.localeCompare(b.term, 'en-GB'));
}
