/**
 * Reads `content/course/` the way Astro's loaders do (front matter + body,
 * YAML lists) and applies the same schemas, so unit tests check the real files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import {
  courseModuleSchema,
  glossaryTermSchema,
  questionSchema,
  type CourseModuleData,
  type GlossaryTerm,
  type Question,
} from '../../../src/lib/content/course-schemas.ts';

const ROOT = 'content/course';

export interface ModuleFile {
  slug: string;
  data: CourseModuleData;
  body: string;
  /** The body split at `## ` headings, each with its heading line. */
  sections: string[];
}

/** Every module file, parsed and validated, in course order. */
export function readModules(): ModuleFile[] {
  const dir = join(ROOT, 'modules');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`${f} has no front matter`);
      const data = courseModuleSchema.parse(parse(match[1]!));
      const body = match[2]!;
      const sections = body.split(/^(?=## )/m).filter((s) => s.startsWith('## '));
      return { slug: basename(f, '.md'), data, body, sections };
    })
    .sort((a, b) => a.data.order - b.data.order);
}

/** The question bank, validated. */
export function readQuestionBank(): Question[] {
  return (parse(readFileSync(join(ROOT, 'questions.yaml'), 'utf8')) as unknown[]).map((q) => questionSchema.parse(q));
}

/** The glossary, validated. */
export function readGlossary(): GlossaryTerm[] {
  return (parse(readFileSync(join(ROOT, 'glossary.yaml'), 'utf8')) as unknown[]).map((g) =>
    glossaryTermSchema.parse(g),
  );
}

/** Words in a Markdown body, as a reader meets them. */
export function wordCount(markdown: string): number {
  return markdown
    .replace(/[#*>`_-]+/g, ' ')
    .split(/\s+/)
    .filter((w) => /[A-Za-z0-9]/.test(w)).length;
}
