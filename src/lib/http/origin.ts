/**
 * Same-origin check for state-changing requests. Behind a proxy the public
 * origin is `PUBLIC_BASE_URL`; locally it is the origin the browser addressed,
 * taken from the Host header: Astro's node adapter rebuilds `request.url` as
 * `http://localhost` (no port) unless the host is in `allowedDomains`, so the
 * URL alone would refuse every local form post.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('Origin');
  if (!origin || origin === 'null') return false;
  const own = new URL(request.url);
  if (origin === own.origin) return true;
  const host = request.headers.get('Host');
  if (host && origin === `${own.protocol}//${host}`) return true;
  const base = process.env.PUBLIC_BASE_URL;
  return base !== undefined && base !== '' && origin === new URL(base).origin;
}
