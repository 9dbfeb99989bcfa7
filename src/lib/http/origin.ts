/**
 * Same-origin check for state-changing requests (ASVS 3.5.1).
 *
 * The node adapter does not put the Host header into `request.url` (it only
 * trusts hosts listed in `security.allowedDomains`), so the request's own
 * origin is rebuilt from the Host header the browser sent: a cross-site form
 * or fetch carries the other site's Origin with our Host, and is refused.
 * Behind a proxy the public origin is `PUBLIC_BASE_URL`.
 *
 * A page served with `Referrer-Policy: no-referrer` (the password reset
 * link) makes the browser send `Origin: null` even for its own form posts;
 * those are accepted only when the browser also says, in the Fetch Metadata
 * header that pages cannot set, that the request is same-origin.
 */
import { publicBaseUrl } from '../config.ts';

export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('Origin');
  if (!origin) return false;
  if (origin === 'null') return request.headers.get('Sec-Fetch-Site') === 'same-origin';
  const url = new URL(request.url);
  const host = request.headers.get('Host');
  if (origin === url.origin || (host !== null && origin === `${url.protocol}//${host}`)) return true;
  const base = publicBaseUrl();
  return base !== null && origin === new URL(base).origin;
}
