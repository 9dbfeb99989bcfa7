import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { articleSchema, eventSchema } from './lib/content/schemas.ts';
import { courseModuleSchema, glossaryTermSchema, questionSchema } from './lib/content/course-schemas.ts';

const articles = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/articles' }),
  schema: articleSchema,
});

const events = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/events' }),
  schema: eventSchema,
});

const courseModules = defineCollection({
  loader: glob({ pattern: '*.md', base: './content/course/modules' }),
  schema: courseModuleSchema,
});

const courseQuestions = defineCollection({
  loader: file('./content/course/questions.yaml'),
  schema: questionSchema,
});

const courseGlossary = defineCollection({
  loader: file('./content/course/glossary.yaml'),
  schema: glossaryTermSchema,
});

export const collections = { articles, events, courseModules, courseQuestions, courseGlossary };
