/**
 * Same-origin check for state-changing requests. The node adapter does not
 * put the Host header into `request.url` (it only trusts hosts listed in
 * `security.allowedDomains`), so the request's own origin is rebuilt from the
 * Host header the browser sent: a cross-site form or fetch carries the
 * other site's Origin with our Host, and is refused. Behind a proxy the
 * public origin is `PUBLIC_BASE_URL`.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('Origin');
  if (!origin || origin === 'null') return false;
  const url = new URL(request.url);
  const host = request.headers.get('Host');
  if (origin === url.origin || (host !== null && origin === `${url.protocol}//${host}`)) return true;
  const base = process.env.PUBLIC_BASE_URL;
  return base !== undefined && base !== '' && origin === new URL(base).origin;
}
