import { defineCollection } from 'astro:content';
import { glob, type Loader } from 'astro/loaders';
import { resolve } from 'node:path';
import { articleSchema, contactSchema, eventSchema } from './lib/content/schemas.ts';
import { courseModuleSchema, glossaryTermSchema, questionSchema } from './lib/content/course-schemas.ts';
import { COURSE_DIR, readCourseModules, readGlossary, readQuestionBank } from './lib/content/course-files.ts';

/** Markdown files under `content/<folder>/`, the file name being the id. */
function markdownIn(folder: string) {
  return glob({ pattern: '**/*.md', base: `./content/${folder}` });
}

const articles = defineCollection({ loader: markdownIn('articles'), schema: articleSchema });

const events = defineCollection({ loader: markdownIn('events'), schema: eventSchema });

/** Routes to help for `/get-help/`, one YAML file each (the file name is the id). */
const contacts = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './content/contacts' }),
  schema: contactSchema,
});

/** One entry of a course collection, as the shared course reader gives it. */
interface CourseEntry {
  id: string;
  data: Record<string, unknown>;
  /** Markdown to render, for modules. */
  body?: string;
}

/**
 * A course collection loaded through the shared reader (`lib/content/course-files.ts`), which the demo and
 * the tests use too, so that all of them read the course the same way. In `astro dev` an edited course file
 * reloads the collection.
 */
function courseLoader(name: string, read: () => CourseEntry[]): Loader {
  return {
    name,
    load: async ({ store, parseData, renderMarkdown, generateDigest, watcher, logger }) => {
      const fill = async () => {
        const entries = await Promise.all(
          read().map(async ({ id, data, body }) => ({
            id,
            data: await parseData({ id, data }),
            body,
            rendered: body === undefined ? undefined : await renderMarkdown(body),
            digest: generateDigest({ data, body: body ?? '' }),
          })),
        );
        // Swapped in with no await in between: Astro saves the store to disk while loaders run, and a save in
        // the middle of a refill could leave the built site with part of the collection or none of it.
        store.clear();
        for (const entry of entries) store.set(entry);
      };
      await fill();
      const courseDir = resolve(COURSE_DIR);
      watcher?.add(courseDir);
      watcher?.on('change', (path) => {
        if (resolve(path).startsWith(courseDir)) fill().catch((error: Error) => logger.error(error.message));
      });
    },
  };
}

const courseModules = defineCollection({
  loader: courseLoader('course-modules', () => readCourseModules().map((m) => ({ id: m.slug, ...m }))),
  schema: courseModuleSchema,
});

const courseQuestions = defineCollection({
  loader: courseLoader('course-questions', () => readQuestionBank().map((q) => ({ id: q.id, data: q }))),
  schema: questionSchema,
});

const courseGlossary = defineCollection({
  loader: courseLoader('course-glossary', () => readGlossary().map((g) => ({ id: g.id, data: g }))),
  schema: glossaryTermSchema,
});

export const collections = { articles, events, contacts, courseModules, courseQuestions, courseGlossary };
