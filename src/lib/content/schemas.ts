/**
 * Front-matter schemas for everything council staff edit in `content/`.
 * Kept as plain zod so unit tests can check the messages; Astro applies them
 * at build time and names the file and field when one fails.
 */
import { z } from 'zod';
import { AUDIENCE_SLUGS } from '../audiences.ts';

/** YAML turns unquoted dates into Date objects; keep them as plain calendar days. */
const isoDate = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z
    .string({ required_error: 'is required (write it as YYYY-MM-DD)', invalid_type_error: 'must be a date written YYYY-MM-DD' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'is not a real date'),
);

/** One source a page relies on. */
export const sourceSchema = z.object({
  title: z.string().min(3),
  publisher: z.string().min(2),
  url: z.string().url().optional(),
  date: z.string().optional(),
});

/** An article for one audience, at `/<audience>/<slug>/`. */
export const articleSchema = z.object({
  title: z.string().min(3).max(90),
  summary: z.string().min(10).max(240),
  audience: z.enum(AUDIENCE_SLUGS),
  updated: isoDate,
  order: z.number().int().min(0).default(100),
  sources: z.array(sourceSchema).min(1, 'needs at least one source'),
});

/** A training event or conference, listed on `/events/`. */
export const eventSchema = z.object({
  title: z.string().min(3),
  date: isoDate,
  endDate: isoDate.optional(),
  place: z.string().min(2),
  audience: z.array(z.enum([...AUDIENCE_SLUGS, 'taxi-drivers', 'everyone'])).min(1),
  summary: z.string().min(10),
  sources: z.array(sourceSchema).min(1, 'needs at least one source'),
});

export type Article = z.infer<typeof articleSchema>;
export type EventEntry = z.infer<typeof eventSchema>;
