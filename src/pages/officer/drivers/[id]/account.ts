/**
 * The driver page's account actions: confirm a waiting badge claim, release the badge from an account, or
 * disable the account. Each is audited by the library call; the officer goes back to the driver page.
 */
import type { APIRoute } from 'astro';
import { readForm } from '../../../../lib/forms.ts';
import { confirmWaitingClaim, disableDriverAccount, releaseBadge } from '../../../../lib/officer/driver-accounts.ts';
import { driverPath } from '../../../../lib/paths.ts';
import { recordId } from '../../../../lib/http/params.ts';
import { notFoundText } from '../../../../lib/http/responses.ts';

export const prerender = false;

const ACCOUNT_ACTIONS = {
  confirm_claim: confirmWaitingClaim,
  release_badge: releaseBadge,
  disable_account: disableDriverAccount,
} as const;

export const POST: APIRoute = async ({ params, request, locals, redirect }) => {
  const driverId = recordId(params.id);
  if (driverId === null) return notFoundText('No driver with that id.');
  const form = await readForm(request);
  const intent = form.intent as keyof typeof ACCOUNT_ACTIONS;
  const action = Object.hasOwn(ACCOUNT_ACTIONS, intent) ? ACCOUNT_ACTIONS[intent] : null;
  const userId = recordId(form.userId);
  if (!action || userId === null) return new Response('Unknown account action.', { status: 400 });
  const result = action({ driverId, userId, officerId: locals.user!.id });
  if (result.ok) return redirect(`${driverPath(driverId)}?done=${intent}#account`, 303);
  if (result.reason === 'not_found') return notFoundText('No such account on this driver.');
  return redirect(`${driverPath(driverId)}?error=badge_taken#account`, 303);
};
