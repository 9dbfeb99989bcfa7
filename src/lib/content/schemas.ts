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
  /**
   * When the source gives only a period, not exact days (e.g. "March to November 2016"): shown instead of the
   * dates, which then only place the event in the list.
   */
  when: z.string().min(4).optional(),
  place: z.string().min(2),
  audience: z.array(z.enum([...AUDIENCE_SLUGS, 'taxi-drivers', 'everyone'])).min(1),
  summary: z.string().min(10),
  sources: z.array(sourceSchema).min(1, 'needs at least one source'),
});

/**
 * The only national numbers the site may show. Local numbers are never
 * written in content: a contact names a `localPhone` key and the page reads
 * the number from configuration.
 */
export const NATIONAL_NUMBERS = ['999', '101', '0800 1111', '0808 800 5000', '0800 555 111'] as const;

/** One route to help, shown on `/get-help/` (content/contacts/<id>.yaml). */
export const contactSchema = z
  .object({
    name: z.string().min(2),
    /** Urgent routes first: the page sorts by this. */
    order: z.number().int().min(0),
    whatFor: z.string().min(10),
    whoFor: z.string().min(3),
    phone: z.enum(NATIONAL_NUMBERS, { errorMap: () => ({ message: `must be one of ${NATIONAL_NUMBERS.join(', ')} (local numbers come from configuration)` }) }).optional(),
    /** Which configured local service supplies the phone numbers. */
    localPhone: z.enum(['childrenServices', 'licensingOffice']).optional(),
    url: z.string().url().optional(),
    /** The address is an online form to fill in (rather than a site to read). */
    onlineForm: z.boolean().default(false),
    /** Where the address is not certain: what to search for instead of a link. */
    searchFor: z.string().min(3).optional(),
    anonymous: z.boolean(),
    /** What the service says about privacy, in a few words. */
    privacy: z.string().min(5),
    hours: z.string().min(3).optional(),
  })
  .refine((c) => c.phone || c.localPhone || c.url || c.searchFor, {
    message: 'needs at least one way to get in touch: phone, localPhone, url or searchFor',
  });

export type Article = z.infer<typeof articleSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type EventEntry = z.infer<typeof eventSchema>;
