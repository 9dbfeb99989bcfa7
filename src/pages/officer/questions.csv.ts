/** `/officer/questions.csv`: every question's figures, as the statistics page shows them. Audited like other exports. */
import type { APIRoute } from 'astro';
import { audit } from '../../lib/audit.ts';
import { today } from '../../lib/clock.ts';
import { questionStatistics, questionStatisticsCsv } from '../../lib/officer/question-stats.ts';
import { loadModules, loadQuestionBank } from '../../lib/training/course.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals }) => {
  const stats = questionStatistics(await loadQuestionBank(), await loadModules());
  audit({
    actorUserId: locals.user?.id ?? null,
    action: 'question_statistics_export',
    detail: { rows: stats.questions.length },
  });
  return new Response(questionStatisticsCsv(stats), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="assessment-questions-${today()}.csv"`,
    },
  });
};
