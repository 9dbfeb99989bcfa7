/**
 * `/officer/reminders/<id>/letters.pdf`: the campaign's letters for the print
 * room, streamed from the file the worker made. Audited: it holds addresses.
 */
import type { APIRoute } from 'astro';
import { audit } from '../../../../lib/audit.ts';
import { openLetters } from '../../../../lib/reminders/letters.ts';
import { recordId } from '../../../../lib/http/params.ts';
import { notFoundText } from '../../../../lib/http/responses.ts';

export const prerender = false;

export const GET: APIRoute = ({ params, locals }) => {
  const campaignId = recordId(params.id);
  const letters = campaignId === null ? null : openLetters(campaignId);
  if (campaignId === null || !letters) return notFoundText('These letters are not ready.');
  audit({
    actorUserId: locals.user?.id ?? null,
    action: 'reminder_letters_downloaded',
    detail: { campaignId },
  });
  return new Response(letters.stream, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(letters.size),
      'Content-Disposition': `attachment; filename="reminder-letters-${campaignId}.pdf"`,
      'Cache-Control': 'no-store',
    },
  });
};
