/**
 * `POST /logout`: deletes the server-side session, not only the cookie, so
 * a copied cookie stops working too (ASVS 7.4.1). There is no GET: a link
 * or image elsewhere cannot sign anyone out.
 */
import type { APIRoute } from 'astro';
import { deleteSessionCookie, invalidateSession } from '../lib/auth/session.ts';
import { logEvent } from '../lib/log.ts';

export const prerender = false;

export const POST: APIRoute = ({ locals, cookies, redirect }) => {
  if (locals.session) {
    invalidateSession(locals.session.id);
    logEvent('sign_out', { userId: locals.session.userId });
  }
  deleteSessionCookie(cookies);
  return redirect('/login?signed-out=1', 303);
};
