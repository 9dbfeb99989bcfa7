/** `/officer/drivers/<id>/certificate/<certId>.pdf`: an officer downloads a driver's live certificate. Audited. */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { audit } from '../../../../../lib/audit.ts';
import { certificateDownloadHeaders } from '../../../../../lib/certificates/download.ts';
import { renderCertificatePdfOffThread } from '../../../../../lib/certificates/pdf-pool.ts';
import { driverCertificate } from '../../../../../lib/officer/driver-record.ts';

export const prerender = false;

const ids = z.object({ id: z.coerce.number().int().positive(), certId: z.coerce.number().int().positive() });

export const GET: APIRoute = async ({ params, locals }) => {
  const parsed = ids.safeParse(params);
  const cert = parsed.success ? driverCertificate(parsed.data.id, parsed.data.certId) : null;
  if (!parsed.success || !cert || cert.revokedAt !== null)
    return new Response('No live certificate with that id for this driver.', { status: 404 });
  const pdf = await renderCertificatePdfOffThread(cert);
  audit({
    actorUserId: locals.user?.id ?? null,
    action: 'certificate_downloaded',
    driverId: parsed.data.id,
    detail: { certificateId: cert.id },
  });
  return new Response(new Uint8Array(pdf), { headers: certificateDownloadHeaders(cert, pdf.byteLength) });
};
