import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { articleSchema, contactSchema, eventSchema } from './lib/content/schemas.ts';
import { courseModuleSchema, glossaryTermSchema, questionSchema } from './lib/content/course-schemas.ts';

const articles = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/articles' }),
  schema: articleSchema,
});

const events = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/events' }),
  schema: eventSchema,
});

/** Routes to help for `/get-help/`, one YAML file each (the file name is the id). */
const contacts = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './content/contacts' }),
  schema: contactSchema,
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

export const collections = { articles, events, contacts, courseModules, courseQuestions, courseGlossary };
