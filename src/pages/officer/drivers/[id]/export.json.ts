/**
 * `/officer/drivers/<id>/export.json`: everything the portal holds about one
 * driver, for a subject access request. Audited; never includes the password
 * hash, session or token data.
 */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { audit } from '../../../../lib/audit.ts';
import { now } from '../../../../lib/clock.ts';
import { subjectAccessRecord } from '../../../../lib/officer/driver-record.ts';
import { currentStatusParams } from '../../../../lib/officer/status-sql.ts';

export const prerender = false;

const params = z.object({ id: z.coerce.number().int().positive() });

export const GET: APIRoute = ({ params: raw, locals }) => {
  const parsed = params.safeParse(raw);
  const record = parsed.success ? subjectAccessRecord(parsed.data.id, currentStatusParams()) : null;
  if (!parsed.success || !record) return new Response('No driver with that id.', { status: 404 });
  audit({ actorUserId: locals.user?.id ?? null, action: 'subject_access_export', driverId: parsed.data.id });
  const body = JSON.stringify({ exportedAt: now().toISOString(), ...record }, null, 2);
  return new Response(body, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="driver-${parsed.data.id}-subject-access.json"`,
      'Cache-Control': 'no-store',
    },
  });
};
