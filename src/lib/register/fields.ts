/**
 * Column rules shared by the imports, as zod schemas whose first issue is a
 * sentence an officer can act on ("licence_expiry "2024-02-30" is not a real
 * date…"). Each rule checks one trimmed cell.
 */
import { z } from 'zod';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a calendar date that exists, written YYYY-MM-DD. */
export function isRealIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A required text cell of at most `max` characters, stored exactly as typed. */
export function requiredText(column: string, max: number): z.ZodType<string> {
  return z
    .string()
    .min(1, `${column} is empty.`)
    .max(max, `${column} is longer than ${max} characters.`);
}

/** A required date cell; `check` adds a rule on the date (e.g. not in the future). */
export function requiredDate(column: string, check?: { test: (date: string) => boolean; message: string }): z.ZodType<string> {
  return z
    .string()
    .min(1, `${column} is empty.`)
    .refine(isRealIsoDate, (v) => ({ message: `${column} "${v}" is not a real date written YYYY-MM-DD.` }))
    .refine((v) => !check || check.test(v), { message: `${column} ${check?.message ?? ''}`.trim() });
}

/** The first problem a rule finds with a cell, or null when the cell is acceptable. */
export function firstIssue(rule: z.ZodType<unknown>, value: string): string | null {
  const result = rule.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'is not acceptable.');
}
