/**
 * Reading and validating form posts, and turning zod's verdict into the
 * GOV.UK error pattern: a summary at the top that links to each field, and
 * the same message beside the field. Every form in the portal uses this, so
 * a page only declares its schema and renders `FormErrors`.
 */
import { format, isValid, parse } from 'date-fns';
import { z } from 'zod';
import { withoutBidiControls } from './names.ts';

/** One problem to show: the field's `name` (also its element id) and a message written for the user. */
export interface FormError {
  field: string;
  message: string;
}

/** Errors in display order, plus a lookup by field for the message beside each input. */
export interface FormErrors {
  list: FormError[];
  byField: Record<string, string>;
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors; values: Record<string, string> };

/** The largest form body the portal accepts; no account or course form comes near it. */
const MAX_FORM_BYTES = 64 * 1024;

/** The body as text, or null once it passes `limit` bytes (counted as it streams, whatever Content-Length says). */
async function readLimited(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get('Content-Length') ?? '0') > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads an ordinary HTML form post (urlencoded) into plain strings, keeping
 * the first value of each name. Returns null when the body is too large or
 * not a urlencoded form, so the caller can answer 400. File uploads need
 * their own reader with their own size limit.
 */
export async function readForm(request: Request): Promise<Record<string, string> | null> {
  const type = request.headers.get('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return null;
  const body = await readLimited(request, MAX_FORM_BYTES);
  if (body === null) return null;
  const values: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    if (!(name in values)) values[name] = value;
  }
  return values;
}

/** Builds a `FormErrors` from a list, keeping the first message for each field. */
export function formErrors(list: FormError[]): FormErrors {
  const byField: Record<string, string> = {};
  const kept: FormError[] = [];
  for (const error of list) {
    if (error.field in byField) continue;
    byField[error.field] = error.message;
    kept.push(error);
  }
  return { list: kept, byField };
}

/**
 * Validates form values against a zod schema. On failure, returns the
 * errors in the order the schema declares its fields (the order the form
 * shows them), and the submitted values to refill the form with, minus any
 * field named in `secret` (passwords are never sent back).
 */
export function validateForm<S extends z.ZodTypeAny>(
  schema: S,
  values: Record<string, string>,
  secret: readonly string[] = [],
): FormResult<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data as z.output<S> };
  const list = parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? ''), message: issue.message }));
  return { ok: false, errors: formErrors(list), values: keepValues(values, secret) };
}

/** The submitted values minus the secret fields, to refill a form after an error. */
export function keepValues(values: Record<string, string>, secret: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => !secret.includes(name)));
}

/** No errors: the state of a form before its first post. */
export const NO_ERRORS: FormErrors = { list: [], byField: {} };

/**
 * A required text field: trimmed, at most `max` characters, with the GOV.UK
 * style message ("Enter your surname") whether it is missing or blank.
 */
export function requiredText(message: string, max = 200, tooLong = `Enter no more than ${max} characters`) {
  return z.string({ required_error: message, invalid_type_error: message }).trim().min(1, message).max(max, tooLong);
}

/** A person's name: as `requiredText`, without bidi control characters (see `names.ts`). */
export function nameField(message: string, max = 200, tooLong = `Enter no more than ${max} characters`) {
  return z.preprocess((v) => (typeof v === 'string' ? withoutBidiControls(v) : v), requiredText(message, max, tooLong));
}

/** An optional text field: trimmed; blank becomes undefined. */
export function optionalText(max = 200, tooLong = `Enter no more than ${max} characters`) {
  return z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((v) => (v ? v : undefined));
}

/** An e-mail address field, trimmed and lower-cased so it matches however it was typed. */
export function emailField(missing = 'Enter your email address') {
  return requiredText(missing, 254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com')
    .transform((v) => v.toLowerCase());
}

/** Ways people write a date: 27/3/1985, 27-03-1985, 27.3.1985, 27 3 1985 and 1985-03-27. */
const DATE_FORMATS = ['d/M/yyyy', 'd-M-yyyy', 'd.M.yyyy', 'd M yyyy', 'yyyy-MM-dd'];

/** A typed date as `YYYY-MM-DD`, or null if it is not a real calendar date in one of the accepted forms. */
export function parseDateInput(input: string): string | null {
  const text = input.trim().replace(/\s+/g, ' ');
  for (const pattern of DATE_FORMATS) {
    const date = parse(text, pattern, new Date(2000, 0, 1));
    if (isValid(date) && date.getFullYear() >= 1000) return format(date, 'yyyy-MM-dd');
  }
  return null;
}

/** Checks a typed date of birth; adds an issue and returns null when it is not a real date in the past. */
function checkDateOfBirth(text: string, today: string, ctx: z.RefinementCtx): string | null {
  const date = parseDateInput(text);
  if (!date || date < '1900-01-01') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Date of birth must be a real date, like 27/03/1985' });
    return null;
  }
  if (date >= today) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Date of birth must be in the past' });
    return null;
  }
  return date;
}

/** An optional date-of-birth field giving `YYYY-MM-DD`, or undefined when left blank. */
export function optionalDateOfBirthField(today: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const text = value?.trim() ?? '';
      if (text === '') return undefined;
      return checkDateOfBirth(text, today, ctx) ?? z.NEVER;
    });
}

/** A required date-of-birth field giving `YYYY-MM-DD`. */
export function dateOfBirthField(today: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const text = value?.trim() ?? '';
      if (text === '') {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Enter your date of birth' });
        return z.NEVER;
      }
      return checkDateOfBirth(text, today, ctx) ?? z.NEVER;
    });
}
