/** Reading the parts of an address that name a record. */
import { z } from 'zod';

const positiveWhole = z.coerce.number().int().positive();

/** A record's id from a route parameter or form field: a positive whole number, or null for anything else. */
export function recordId(raw: string | undefined): number | null {
  const parsed = positiveWhole.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
