/**
 * The driver page's account actions: confirm a waiting badge claim, release the badge from an account, or
 * disable the account. Each is audited by the library call; the officer goes back to the driver page.
 */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { readForm } from '../../../../lib/forms.ts';
import { confirmWaitingClaim, disableDriverAccount, releaseBadge } from '../../../../lib/officer/driver-accounts.ts';
import { driverPath } from '../../../../lib/paths.ts';

export const prerender = false;

const ACCOUNT_ACTIONS = {
  confirm_claim: confirmWaitingClaim,
  release_badge: releaseBadge,
  disable_account: disableDriverAccount,
} as const;

export const POST: APIRoute = async ({ params, request, locals, redirect }) => {
  const driverId = z.coerce.number().int().positive().safeParse(params.id);
  if (!driverId.success) return new Response('No driver with that id.', { status: 404 });
  const form = await readForm(request);
  const intent = form.intent as keyof typeof ACCOUNT_ACTIONS;
  const action = Object.hasOwn(ACCOUNT_ACTIONS, intent) ? ACCOUNT_ACTIONS[intent] : null;
  const userId = z.coerce.number().int().positive().safeParse(form.userId);
  if (!action || !userId.success) return new Response('Unknown account action.', { status: 400 });
  const result = action({ driverId: driverId.data, userId: userId.data, officerId: locals.user!.id });
  if (result.ok) return redirect(`${driverPath(driverId.data)}?done=${intent}#account`, 303);
  if (result.reason === 'not_found') return new Response('No such account on this driver.', { status: 404 });
  return redirect(`${driverPath(driverId.data)}?error=badge_taken#account`, 303);
};
