/**
 * Reading and validating form posts, and turning zod's verdict into the
 * GOV.UK error pattern: a summary at the top that links to each field, and
 * the same message beside the field. Every POST handler reads its body with
 * `readForm` (or `readMultipartForm` for uploads), so a page only declares its
 * schema, gives the errors to its layout (which shows the summary) and renders `Field`.
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
export const MAX_FORM_BYTES = 64 * 1024;

/** Why a form post was not read; each has its answer's status and words. */
const REFUSALS = {
  too_large: { status: 413, message: 'This form is larger than the portal accepts.' },
  not_a_form: { status: 400, message: 'This form could not be read: it was not sent as the form expected.' },
  incomplete: { status: 400, message: 'This form did not arrive complete.' },
} as const;

/**
 * A form post the portal will not read: 413 when the body is over the limit, 400 when it is not the kind
 * of form expected or arrived cut short. Thrown by the readers below; the middleware answers it, so a page
 * never has to.
 */
export class FormReadError extends Error {
  readonly status: 400 | 413;
  constructor(
    readonly reason: keyof typeof REFUSALS,
    /** For `too_large`: the size the request declared, when it declared one. */
    readonly declaredBytes: number | null = null,
  ) {
    super(REFUSALS[reason].message);
    this.name = 'FormReadError';
    this.status = REFUSALS[reason].status;
  }
}

/**
 * How much of a refused body is still read (and thrown away) so that the browser finishes sending and
 * shows the refusal: browsers do not read the answer until the upload is sent, and a server that stops
 * reading leaves them waiting. Anything longer is cut off.
 */
const DISCARD_LIMIT = 64 * 1024 * 1024;

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): Promise<void> {
  let total = alreadyRead;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    total += value.byteLength;
    if (total > DISCARD_LIMIT) {
      await reader.cancel();
      return;
    }
  }
}

/**
 * Reads a request body up to `limit` bytes, never holding more than that. A declared Content-Length over
 * the limit is refused before any of the body is kept; a body that turns out longer is refused as soon as
 * it passes the limit. Throws a 413 `FormReadError`.
 */
export async function readLimitedBody(request: Request, limit: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await discardRest(reader, 0);
    throw new FormReadError('too_large', declared);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await discardRest(reader, total);
      throw new FormReadError('too_large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function contentType(request: Request): string {
  return (request.headers.get('Content-Type') ?? '').toLowerCase();
}

/**
 * Reads an ordinary HTML form post (urlencoded) into plain strings, keeping the first value of each name.
 * The one way a page reads a form: throws a `FormReadError` (413 over `MAX_FORM_BYTES`, 400 for any other
 * content type), which the middleware turns into the answer.
 */
export async function readForm(request: Request): Promise<Record<string, string>> {
  if (!contentType(request).startsWith('application/x-www-form-urlencoded')) {
    throw new FormReadError('not_a_form');
  }
  const body = (await readLimitedBody(request, MAX_FORM_BYTES)).toString('utf8');
  const values: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    if (!(name in values)) values[name] = value;
  }
  return values;
}

/**
 * Reads a file-upload form (multipart) of at most `limit` bytes. Throws a `FormReadError`: 413 over the
 * limit, 400 when it is not multipart or arrived incomplete.
 */
export async function readMultipartForm(request: Request, limit: number): Promise<FormData> {
  const type = request.headers.get('Content-Type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw new FormReadError('not_a_form');
  }
  const bytes = await readLimitedBody(request, limit);
  try {
    return await new Response(new Uint8Array(bytes), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new FormReadError('incomplete');
  }
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

/** A required date-of-birth field giving `YYYY-MM-DD`: the optional field, with blank refused. */
export function dateOfBirthField(today: string) {
  return optionalDateOfBirthField(today).transform((date, ctx) => {
    if (date !== undefined) return date;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Enter your date of birth' });
    return z.NEVER;
  });
}
