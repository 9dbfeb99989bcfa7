/**
 * Same-origin check for state-changing requests. Behind a proxy the public
 * origin is `PUBLIC_BASE_URL`; locally it is the request's own origin.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('Origin');
  if (!origin || origin === 'null') return false;
  const own = new URL(request.url).origin;
  if (origin === own) return true;
  const base = process.env.PUBLIC_BASE_URL;
  return base !== undefined && base !== '' && origin === new URL(base).origin;
}
