/** `/officer/reminders/<id>/progress.json`: the campaign page's figures, for its refreshing script. */
import type { APIRoute } from 'astro';
import { campaignProgress, progressFigures } from '../../../../lib/reminders/progress.ts';
import { recordId } from '../../../../lib/http/params.ts';
import { notFoundText } from '../../../../lib/http/responses.ts';

export const prerender = false;

export const GET: APIRoute = ({ params }) => {
  const campaignId = recordId(params.id);
  const progress = campaignId === null ? null : campaignProgress(campaignId);
  if (!progress) return notFoundText('No reminder campaign with that id.');
  const body = {
    figures: progressFigures(progress),
    finished: progress.finished,
    lettersReady: progress.letters.ready,
  };
  return new Response(JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
};
