/** `/officer/drivers/<id>/certificate/<certId>.pdf`: an officer downloads a driver's live certificate. Audited. */
import type { APIRoute } from 'astro';
import { audit } from '../../../../../lib/audit.ts';
import { certificateDownloadHeaders } from '../../../../../lib/certificates/download.ts';
import { renderCertificatePdfOffThread } from '../../../../../lib/certificates/pdf-pool.ts';
import { driverCertificate } from '../../../../../lib/officer/driver-record.ts';
import { recordId } from '../../../../../lib/http/params.ts';
import { notFoundText } from '../../../../../lib/http/responses.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, locals }) => {
  const driverId = recordId(params.id);
  const certificateId = recordId(params.certId);
  const cert = driverId === null || certificateId === null ? null : driverCertificate(driverId, certificateId);
  if (driverId === null || !cert || cert.revokedAt !== null)
    return notFoundText('No live certificate with that id for this driver.');
  const pdf = await renderCertificatePdfOffThread(cert);
  audit({
    actorUserId: locals.user?.id ?? null,
    action: 'certificate_downloaded',
    driverId,
    detail: { certificateId: cert.id },
  });
  return new Response(new Uint8Array(pdf), { headers: certificateDownloadHeaders(cert, pdf.byteLength) });
};
