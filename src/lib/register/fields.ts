/**
 * Column rules shared by the imports, as zod schemas whose first issue is a
 * sentence an officer can act on ("licence_expiry "2024-02-30" is not a real
 * date…"). `{value}` in a message stands for the cell as written. Only
 * built-in string checks are used: refinements cost about ten times as much
 * per cell, and an import may check 700,000 cells.
 */
import { z } from 'zod';

/** A required text cell of at most `max` characters, stored exactly as typed. */
export function requiredText(column: string, max: number): z.ZodString {
  return z.string().min(1, `${column} is empty.`).max(max, `${column} is longer than ${max} characters.`);
}

/** A required date cell: a calendar date that exists (leap years included), written YYYY-MM-DD. */
export function requiredDate(column: string): z.ZodString {
  return z.string().min(1, `${column} is empty.`).date(`${column} "{value}" is not a real date written YYYY-MM-DD.`);
}

/**
 * The first problem a rule finds with a cell, or null when the cell is
 * acceptable. `written` is the cell as typed, when the rule checks a
 * normalised form of it (e.g. lower case).
 */
export function firstIssue(rule: z.ZodType<unknown>, value: string, written: string = value): string | null {
  const result = rule.safeParse(value);
  if (result.success) return null;
  return (result.error.issues[0]?.message ?? 'is not acceptable.').replace('{value}', written);
}
