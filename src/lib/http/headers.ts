/**
 * Response headers every page gets, static or rendered on demand. They are
 * applied by the server wrapper in `src/cli/serve.ts` because the node
 * adapter serves prerendered files without running Astro middleware.
 */

/** The policy's directives; the island pages add hashes to `script-src` and `style-src`. */
function policy(scriptHashes: readonly string[], styleHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...scriptHashes].join(' '),
    ["style-src 'self'", ...styleHashes].join(' '),
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Content Security Policy. `'wasm-unsafe-eval'` lets Pagefind's WebAssembly
 * search run; nothing may load from another origin.
 */
export const CONTENT_SECURITY_POLICY = policy([], []);

/**
 * SHA-256 hashes of the inline code Astro 5.18 writes before the first `client:load` island:
 * the `load` directive, the `<astro-island>` element and its `display: contents` style.
 * They are Astro's own fixed text (tests/unit/island-csp.test.ts recomputes them from the
 * installed package, so an Astro upgrade that changes them fails there, not in a browser).
 */
export const ISLAND_SCRIPT_HASHES = [
  "'sha256-QzWFZi+FLIx23tnm9SBU4aEgx4x8DsuASP07mfqol/c='",
  "'sha256-U7a72oKuFFz8D7GUHLA1NZ0ciymHmDOc9T9aVDg2rWU='",
] as const;
export const ISLAND_STYLE_HASHES = ["'sha256-vv9IoKo7BSLbWcUHr3tNmfNVmm5L/9Cfn2H6LMk7/ow='"] as const;

/**
 * The policy for a page with a React island: the site policy plus exactly Astro's boot code,
 * by hash, never `'unsafe-inline'`. A page sets it on its own response, which overrides the
 * server's default header.
 */
export const ISLAND_CONTENT_SECURITY_POLICY = policy(ISLAND_SCRIPT_HASHES, ISLAND_STYLE_HASHES);

/** The security headers for every response; HSTS only when served over HTTPS. */
export function securityHeaders(https: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'geolocation=(), camera=(), microphone=(), interest-cohort=()',
  };
  if (https) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}
