/**
 * The course as the tests read it: the app's own course reader (the one Astro's collections load through),
 * with each module's body also split at its `## ` headings for the checks on sections.
 */
import { readCourseModules, readQuestionBank, type CourseModuleFile } from '../../../src/lib/content/course-files.ts';
import type { Question } from '../../../src/lib/content/course-schemas.ts';

export { readGlossary, readQuestionBank } from '../../../src/lib/content/course-files.ts';

export interface ModuleFile extends CourseModuleFile {
  /** The body split at `## ` headings, each with its heading line. */
  sections: string[];
}

/** Every module file, parsed and validated, in course order. */
export function readModules(): ModuleFile[] {
  return readCourseModules().map((m) => ({
    ...m,
    sections: m.body.split(/^(?=## )/m).filter((s) => s.startsWith('## ')),
  }));
}

/**
 * The question bank, and each module's slug and title in course order: the assessment and the question
 * statistics take the two together, so the tests of them read both in one call.
 */
export function readAssessmentCourse(): { bank: Question[]; modules: Array<{ slug: string; title: string }> } {
  return {
    bank: readQuestionBank(),
    modules: readCourseModules().map((m) => ({ slug: m.slug, title: m.data.title })),
  };
}

/** Words in a Markdown body, as a reader meets them. */
export function wordCount(markdown: string): number {
  return markdown
    .replace(/[#*>`_-]+/g, ' ')
    .split(/\s+/)
    .filter((w) => /[A-Za-z0-9]/.test(w)).length;
}
