/** `/officer/reminders/<id>/progress.json`: the campaign page's figures, for its refreshing script. */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { campaignProgress, progressFigures } from '../../../../lib/reminders/progress.ts';

export const prerender = false;

export const GET: APIRoute = ({ params }) => {
  const id = z.coerce.number().int().positive().safeParse(params.id);
  const progress = id.success ? campaignProgress(id.data) : null;
  if (!progress) return new Response('No reminder campaign with that id.', { status: 404 });
  const body = {
    figures: progressFigures(progress),
    finished: progress.finished,
    lettersReady: progress.letters.ready,
  };
  return new Response(JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
};
