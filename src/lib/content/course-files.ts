/**
 * The one reader of the course files in `content/course/`: the modules (Markdown with front matter) and the
 * question bank and glossary (YAML lists), each checked against the schemas in `course-schemas.ts`. Astro's
 * course collections load through it (`src/content.config.ts`), and so do the demo data and the tests, which
 * run outside Astro where `astro:content` is not available: all three see the same course.
 */
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  courseModuleSchema,
  glossaryTermSchema,
  questionSchema,
  type CourseModuleData,
  type GlossaryTerm,
  type Question,
} from './course-schemas.ts';

/** Where the course lives, from the project root. */
export const COURSE_DIR = 'content/course';

/** One module file: its slug (the file name), checked front matter and Markdown body. */
export interface CourseModuleFile {
  slug: string;
  data: CourseModuleData;
  body: string;
}

/** `value` checked against `schema`; an editing mistake names the file and the field. */
function checked<T extends z.ZodTypeAny>(schema: T, value: unknown, file: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
  throw new Error(`${file} does not fit the course schema. ${problems.join('; ')}`);
}

/**
 * Every module, in course order (the `order` in its front matter). The front matter is read with Astro's own
 * parser, so it means here what it meant to Astro's Markdown loader.
 */
export function readCourseModules(courseDir: string = COURSE_DIR): CourseModuleFile[] {
  const dir = join(courseDir, 'modules');
  return readdirSync(dir)
    .filter((name) => extname(name) === '.md')
    .map((name) => {
      const file = join(dir, name);
      const { frontmatter, content } = parseFrontmatter(readFileSync(file, 'utf8'));
      return { slug: basename(name, '.md'), data: checked(courseModuleSchema, frontmatter, file), body: content };
    })
    .sort((a, b) => a.data.order - b.data.order || a.slug.localeCompare(b.slug));
}

/** The assessment question bank, in file order. */
export function readQuestionBank(courseDir: string = COURSE_DIR): Question[] {
  const file = join(courseDir, 'questions.yaml');
  return checked(z.array(questionSchema), parse(readFileSync(file, 'utf8')), file);
}

/** The glossary, in file order. */
export function readGlossary(courseDir: string = COURSE_DIR): GlossaryTerm[] {
  const file = join(courseDir, 'glossary.yaml');
  return checked(z.array(glossaryTermSchema), parse(readFileSync(file, 'utf8')), file);
}
