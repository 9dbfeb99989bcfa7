/**
 * `/officer/reminders/<id>/letters.pdf`: the campaign's letters for the print
 * room, streamed from the file the worker made. Audited: it holds addresses.
 */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { audit } from '../../../../lib/audit.ts';
import { openLetters } from '../../../../lib/reminders/letters.ts';

export const prerender = false;

export const GET: APIRoute = ({ params, locals }) => {
  const id = z.coerce.number().int().positive().safeParse(params.id);
  const letters = id.success ? openLetters(id.data) : null;
  if (!id.success || !letters) return new Response('These letters are not ready.', { status: 404 });
  audit({
    actorUserId: locals.user?.id ?? null,
    action: 'reminder_letters_downloaded',
    detail: { campaignId: id.data },
  });
  return new Response(letters.stream, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(letters.size),
      'Content-Disposition': `attachment; filename="reminder-letters-${id.data}.pdf"`,
      'Cache-Control': 'no-store',
    },
  });
};
