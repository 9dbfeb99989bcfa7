/**
 * The signed-in driver's own certificate as a PDF. It takes no parameters:
 * whose certificate is decided by the session alone, so no URL can reach
 * anyone else's. The middleware has already refused anyone but a driver.
 */
import type { APIRoute } from 'astro';
import { certificateDownloadHeaders } from '../../lib/certificates/download.ts';
import { currentCertificateForUser } from '../../lib/certificates/issue.ts';
import { renderCertificatePdfOffThread } from '../../lib/certificates/pdf-pool.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, rewrite }) => {
  const user = locals.user;
  if (!user) return new Response('Sign in to download your certificate.', { status: 401 });
  const cert = currentCertificateForUser(user.id);
  if (!cert) return rewrite('/training/no-certificate');
  const pdf = await renderCertificatePdfOffThread(cert);
  return new Response(new Uint8Array(pdf), { status: 200, headers: certificateDownloadHeaders(cert, pdf.byteLength) });
};
