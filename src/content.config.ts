import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { articleSchema, contactSchema, eventSchema } from './lib/content/schemas.ts';

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

export const collections = { articles, events, contacts };
