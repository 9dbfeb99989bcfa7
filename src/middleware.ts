import { defineMiddleware, sequence } from 'astro:middleware';
import { accessFor, allows } from './lib/auth/access.ts';
import { needsSecondFactor } from './lib/auth/second-factor.ts';
import { deleteSessionCookie, sessionCookieName, setSessionCookie, validateSessionToken } from './lib/auth/session.ts';
import { compressResponse } from './lib/http/compression.ts';
import { FormReadError } from './lib/forms.ts';
import { isSameOrigin } from './lib/http/origin.ts';
import { logEvent } from './lib/log.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses state-changing requests whose Origin is missing or foreign (ASVS 3.5.1). */
const originCheck = defineMiddleware((context, next) => {
  if (context.isPrerendered || SAFE_METHODS.has(context.request.method)) return next();
  if (!isSameOrigin(context.request)) {
    logEvent('origin_refused', { path: context.url.pathname });
    return new Response('This request came from another site and was refused.', { status: 403 });
  }
  return next();
});

/** Loads the session from its cookie into `locals`. */
const session = defineMiddleware((context, next) => {
  context.locals.user = null;
  context.locals.session = null;
  if (context.isPrerendered) return next();
  const token = context.cookies.get(sessionCookieName())?.value;
  if (token) {
    const result = validateSessionToken(token);
    if (result) {
      context.locals.user = result.user;
      context.locals.session = result.session;
      if (result.fresh) setSessionCookie(context.cookies, token, result.user.role);
    } else {
      deleteSessionCookie(context.cookies);
    }
  }
  return next();
});

/** Server-side authorisation for every on-demand route, then no-store on anything personal. */
const roleGuard = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  const access = accessFor(context.url.pathname);
  const user = context.locals.user;
  const secondFactorPassed = context.locals.session?.secondFactorAt != null;
  if (!allows(access, user?.role ?? null, secondFactorPassed)) {
    if (user && needsSecondFactor(user.role) && !secondFactorPassed && access !== 'driver') {
      if (!SAFE_METHODS.has(context.request.method)) return new Response('Sign in to do this.', { status: 401 });
      const back = context.url.pathname + context.url.search;
      return context.redirect(`/second-factor?next=${encodeURIComponent(back)}`, 303);
    }
    if (!user) {
      if (SAFE_METHODS.has(context.request.method)) {
        const back = context.url.pathname + context.url.search;
        return context.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
      }
      // Someone whose session already ended and who presses Sign out is, in effect, signed out.
      if (context.url.pathname === '/logout') return context.redirect('/login?signed-out=1', 303);
      return new Response('Sign in to do this.', { status: 401 });
    }
    logEvent('authorisation_refused', { path: context.url.pathname, role: user.role, userId: user.id });
    return new Response('You do not have permission to see this page.', { status: 403 });
  }
  const response = await next();
  if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store');
  return response;
});

/** Compresses pages and data rendered on demand as they stream (static files come precompressed). */
const compression = defineMiddleware(async (context, next) => {
  const response = await next();
  return context.isPrerendered ? response : compressResponse(context.request, response);
});

/** Answers a form post that `readForm` refused (too large: 413, not a form: 400), whichever page read it. */
const formRefusals = defineMiddleware(async (_context, next) => {
  try {
    return await next();
  } catch (error) {
    if (!(error instanceof FormReadError)) throw error;
    return new Response(error.message, {
      status: error.status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
});

export const onRequest = sequence(compression, originCheck, session, roleGuard, formRefusals);
