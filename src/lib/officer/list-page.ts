/**
 * What the officer console's paged, filtered lists (drivers, audit log) share: how their URL parameters are
 * read, how a filter is written back into a query string, and where one page sits in the whole list.
 */
import { z } from 'zod';

/** An empty form field means "no filter". */
export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A filter parameter: empty or malformed means "no filter" rather than an error page. */
export function optionalParam<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional()).catch(undefined);
}

/** The `page` parameter: anything malformed or out of range falls back to the first page. */
export const pageParam = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/**
 * A filter written back as a query string (`?a=b`, or empty when nothing is set), in the filter's key order.
 * Unset values and those equal to `defaults` are left out, and so is page 1, so each list view has one address.
 */
export function listQuery(
  filter: Record<string, string | number | undefined>,
  defaults: Record<string, string | number> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || value === defaults[key]) continue;
    if (key === 'page' && Number(value) <= 1) continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** One page of a list and where it sits in the whole. */
export interface ListPage<Row> {
  rows: Row[];
  total: number;
  page: number;
  pageCount: number;
  /** 1-based position of the first and last row shown (0 when none). */
  from: number;
  to: number;
}

/** Places the rows of page `page` (of `pageSize` rows each) among `total` matches. */
export function listPage<Row>(rows: Row[], total: number, page: number, pageSize: number): ListPage<Row> {
  const offset = (page - 1) * pageSize;
  return {
    rows,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    from: rows.length ? offset + 1 : 0,
    to: offset + rows.length,
  };
}
