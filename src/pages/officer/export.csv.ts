/** `/officer/export.csv?<list filter>`: the drivers the list shows for the same filter, as CSV. Audited. */
import type { APIRoute } from 'astro';
import { parseDriverFilter } from '../../lib/officer/drivers-query.ts';
import { exportDrivers } from '../../lib/officer/export.ts';
import { currentStatusParams } from '../../lib/officer/status-sql.ts';
import { today } from '../../lib/clock.ts';

export const prerender = false;

export const GET: APIRoute = ({ url, locals }) =>
  new Response(exportDrivers(parseDriverFilter(url.searchParams), currentStatusParams(), locals.user?.id ?? null), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="drivers-${today()}.csv"`,
    },
  });
