/**
 * Schemas for the drivers' course in `content/course/`: modules (Markdown
 * with front matter), the assessment question bank and the glossary (YAML).
 * Astro applies them at build time; the course-content unit test applies the
 * same schemas to the same files, so an editing mistake fails both.
 */
import { z } from 'zod';
import { sourceSchema } from './schemas.ts';

/** Lower-case words joined by hyphens: module slugs and ids. */
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens');

/** Paths under /training/ that are pages of their own, so no module may use them as a slug. */
export const RESERVED_MODULE_SLUGS = ['assessment', 'glossary', 'certificate'] as const;

/**
 * How urgent the situation in a scenario or question is. The course teaches one rule: `emergency` (a child in
 * danger now) means 999; `concern` means 101, First Contact or the licensing office. There is no third value.
 */
export const URGENCIES = ['emergency', 'concern'] as const;
export const urgencySchema = z.enum(URGENCIES);
export type Urgency = z.infer<typeof urgencySchema>;

function uniqueIds(items: ReadonlyArray<{ id: string }>): boolean {
  return new Set(items.map((i) => i.id)).size === items.length;
}

const scenarioChoiceSchema = z.object({
  id: slug,
  text: z.string().min(2),
  feedback: z.string().min(10),
  /** The choice a good driver would make; the feedback for the others explains why. */
  best: z.boolean().default(false),
});

/** The question that ends every module. Any answer completes the module; each gets its own feedback. */
export const scenarioSchema = z.object({
  question: z.string().min(10),
  urgency: urgencySchema,
  choices: z
    .array(scenarioChoiceSchema)
    .min(2)
    .max(5)
    .refine((cs) => cs.filter((c) => c.best).length === 1, 'needs exactly one choice marked "best: true"')
    .refine(uniqueIds, 'choice ids must be different from each other'),
});

/** Front matter of a course module; the body is split into sections at each `## ` heading. */
export const courseModuleSchema = z.object({
  title: z.string().min(3).max(90),
  order: z.number().int().min(1),
  summary: z.string().min(10).max(240),
  /** Estimated minutes to read the module and answer its scenario. */
  minutes: z.number().int().min(1).max(60),
  sources: z.array(sourceSchema).min(1, 'needs at least one source'),
  scenario: scenarioSchema,
});

// Strict: an unquoted comma in a YAML `{ ... }` option silently splits the text into a stray key.
const questionOptionSchema = z
  .object({
    id: z.string().min(1).max(8),
    text: z.string().min(1),
    correct: z.boolean().default(false),
  })
  .strict();

/** One assessment question, tagged with the module that teaches its answer. */
export const questionSchema = z.object({
  id: slug,
  module: slug,
  urgency: urgencySchema,
  question: z.string().min(10),
  options: z
    .array(questionOptionSchema)
    .min(3, 'needs 3 or 4 options')
    .max(4, 'needs 3 or 4 options')
    .refine((os) => os.filter((o) => o.correct).length === 1, 'needs exactly one option marked "correct: true"')
    .refine(uniqueIds, 'option ids must be different from each other'),
  explanation: z.string().min(10),
});

/** A word drivers may not know, explained in plain English. */
export const glossaryTermSchema = z.object({
  id: slug,
  term: z.string().min(1),
  definition: z.string().min(10),
  /** Other spellings or word forms that appear in the text. */
  forms: z.array(z.string().min(1)).default([]),
});

export type CourseModuleData = z.infer<typeof courseModuleSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
export type Question = z.infer<typeof questionSchema>;
export type GlossaryTerm = z.infer<typeof glossaryTermSchema>;
