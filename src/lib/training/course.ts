/**
 * The course as the pages see it: modules in order with their sections, the
 * question bank and the glossary, read from the content collections that
 * `content/course/` feeds. The course is built into the server and cannot
 * change while it runs, so each is read and prepared once per process: the
 * pages share the results and must not change them.
 */
import { getCollection } from 'astro:content';
import type { CourseModuleData, GlossaryTerm, Question } from '../content/course-schemas.ts';
import { plainText, splitSections, termsUsedIn, type CourseSection } from './sections.ts';
import type { ModuleShape } from './progress.ts';
import { notFoundText } from '../http/responses.ts';

export interface CourseModule extends CourseModuleData {
  slug: string;
  sections: CourseSection[];
}

/** Runs `load` the first time only; later calls share its promise. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= load());
}

/** Every module, in course order, split into sections. */
export const loadModules: () => Promise<readonly CourseModule[]> = once(async () => {
  const entries = await getCollection('courseModules');
  return entries
    .map((entry) => ({ ...entry.data, slug: entry.id, sections: splitSections(entry.rendered?.html ?? '') }))
    .sort((a, b) => a.order - b.order);
});

/** A module with the whole course and its shape: the module pages need all three for progress. */
export interface FoundModule {
  modules: readonly CourseModule[];
  module: CourseModule;
  shape: ModuleShape;
}

/**
 * The module at `slug`, or the plain-text 404 a module page answers for an
 * unknown or empty module, so that every module page refuses it alike.
 */
export async function findModuleOrNotFound(slug: string | undefined): Promise<FoundModule | Response> {
  const modules = await loadModules();
  const module = modules.find((m) => m.slug === slug);
  if (!module || module.sections.length === 0) return notFoundText('There is no such module.');
  return { modules, module, shape: moduleShape(module) };
}

/** What the progress rules need to know about `module`. */
export function moduleShape(module: CourseModule): ModuleShape {
  return {
    slug: module.slug,
    sectionCount: module.sections.length,
    choiceIds: module.scenario.choices.map((c) => c.id),
  };
}

/** The assessment question bank. */
export const loadQuestionBank: () => Promise<readonly Question[]> = once(async () => {
  const entries = await getCollection('courseQuestions');
  return entries.map((entry) => ({ ...entry.data, id: entry.id }));
});

/** The glossary, sorted by term. */
export const loadGlossary: () => Promise<readonly GlossaryTerm[]> = once(async () => {
  const entries = await getCollection('courseGlossary');
  return entries
    .map((entry) => ({ ...entry.data, id: entry.id }))
    .sort((a, b) => a.term.localeCompare(b.term, 'en-GB'));
});

const sectionTerms = new WeakMap<CourseSection, GlossaryTerm[]>();

/** The glossary terms a section uses, in glossary order (matched once per section). */
export async function glossaryTermsIn(section: CourseSection): Promise<readonly GlossaryTerm[]> {
  let terms = sectionTerms.get(section);
  if (!terms) {
    terms = termsUsedIn(plainText(`${section.titleHtml} ${section.html}`), await loadGlossary());
    sectionTerms.set(section, terms);
  }
  return terms;
}
