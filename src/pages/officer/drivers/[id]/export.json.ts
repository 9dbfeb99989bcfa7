/**
 * `/officer/drivers/<id>/export.json`: everything the portal holds about one
 * driver, for a subject access request. Audited; never includes the password
 * hash, session or token data.
 */
import type { APIRoute } from 'astro';
import { audit } from '../../../../lib/audit.ts';
import { now } from '../../../../lib/clock.ts';
import { subjectAccessRecord } from '../../../../lib/officer/driver-record.ts';
import { currentStatusParams } from '../../../../lib/officer/status-sql.ts';
import { recordId } from '../../../../lib/http/params.ts';
import { notFoundText } from '../../../../lib/http/responses.ts';

export const prerender = false;

export const GET: APIRoute = ({ params, locals }) => {
  const driverId = recordId(params.id);
  const record = driverId === null ? null : subjectAccessRecord(driverId, currentStatusParams());
  if (driverId === null || !record) return notFoundText('No driver with that id.');
  audit({ actorUserId: locals.user?.id ?? null, action: 'subject_access_export', driverId });
  const body = JSON.stringify({ exportedAt: now().toISOString(), ...record }, null, 2);
  return new Response(body, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="driver-${driverId}-subject-access.json"`,
      'Cache-Control': 'no-store',
    },
  });
};
