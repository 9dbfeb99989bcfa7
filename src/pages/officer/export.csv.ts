/** `/officer/export.csv?<list filter>`: the drivers the list shows for the same filter, as CSV. Audited. */
import type { APIRoute } from 'astro';
import { audit } from '../../lib/audit.ts';
import { allFilteredDrivers, parseDriverFilter } from '../../lib/officer/drivers-query.ts';
import { driversCsv } from '../../lib/officer/export.ts';
import { currentStatusParams } from '../../lib/officer/status-sql.ts';
import { today } from '../../lib/clock.ts';

export const prerender = false;

export const GET: APIRoute = ({ url, locals }) => {
  const filter = parseDriverFilter(url.searchParams);
  const rows = allFilteredDrivers(filter, currentStatusParams());
  audit({
    actorUserId: locals.user?.id ?? null,
    action: 'export',
    detail: {
      q: filter.q ?? null,
      status: filter.status ?? null,
      licence: filter.licence ?? null,
      method: filter.method ?? null,
      sort: filter.sort,
      rows: rows.length,
    },
  });
  return new Response(driversCsv(rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="drivers-${today()}.csv"`,
    },
  });
};
