/**
 * How each assessment question performs, for officers deciding what to edit.
 * The figures come from running sums that triggers keep per question, per
 * module and in total (migration 0008), so the page reads one row per
 * question whatever the number of attempts.
 *
 * Discrimination is the item-rest point-biserial correlation: across the
 * attempts that drew the question, how answering it right goes with the score
 * on the other questions of the attempt. Near +1 the question separates
 * drivers who know the course from those who do not; near 0 it tells them
 * apart no better than chance; below 0 drivers who do well on the rest of
 * the assessment get it wrong more often than those who do badly, which
 * usually means a misleading wording or a wrong "right" answer.
 */
import { stringify } from 'csv-stringify/sync';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { assessmentTotals, moduleStatistics, questionStatistics as questionSums } from '../../../db/schema.ts';
import { neutraliseCell } from './export.ts';

/** Running sums over the responses to one question: `score` is the attempt's total, right is 1 or 0. */
export interface ResponseSums {
  drawn: number;
  answeredRight: number;
  sumScore: number;
  sumScoreRight: number;
  sumScoreSquared: number;
}

/**
 * The item-rest point-biserial correlation from running sums: the correlation
 * between answering this question right (1 or 0) and the score on the rest of
 * the attempt (its total minus this question). Null when either never varies.
 */
export function itemRestCorrelation(s: ResponseSums): number | null {
  const n = s.drawn;
  if (n < 2) return null;
  // rest = score - right; right² = right, so every sum over rest follows from the sums kept.
  const sumRest = s.sumScore - s.answeredRight;
  const sumRestRight = s.sumScoreRight - s.answeredRight;
  const sumRestSquared = s.sumScoreSquared - 2 * s.sumScoreRight + s.answeredRight;
  const p = s.answeredRight / n;
  const meanRest = sumRest / n;
  const covariance = sumRestRight / n - p * meanRest;
  const varianceRight = p * (1 - p);
  const varianceRest = sumRestSquared / n - meanRest * meanRest;
  if (varianceRight <= 1e-12 || varianceRest <= 1e-12) return null;
  return covariance / Math.sqrt(varianceRight * varianceRest);
}

/** Below this many answers a question's figures are too noisy to flag. */
export const MIN_DRAWN_FOR_FLAGS = 30;

export type QuestionFlag = 'almost_always_right' | 'mostly_wrong' | 'strong_candidates_wrong';

/** What each flag means, as the page and the CSV say it. */
export const FLAG_LABELS: Record<QuestionFlag, string> = {
  almost_always_right: 'Almost always right (over 95%)',
  mostly_wrong: 'Mostly wrong (under 40% right)',
  strong_candidates_wrong: 'Strong candidates get it wrong (discrimination below 0)',
};

/** The flags a question earns: none until it has been answered `MIN_DRAWN_FOR_FLAGS` times. */
export function questionFlags(drawn: number, percentRight: number | null, discrimination: number | null) {
  const flags: QuestionFlag[] = [];
  if (drawn < MIN_DRAWN_FOR_FLAGS || percentRight === null) return flags;
  if (percentRight > 95) flags.push('almost_always_right');
  if (percentRight < 40) flags.push('mostly_wrong');
  if (discrimination !== null && discrimination < 0) flags.push('strong_candidates_wrong');
  return flags;
}

export interface QuestionFigures {
  id: string;
  module: string;
  /** The question's words in the current bank; null when it has since been removed. */
  text: string | null;
  drawn: number;
  percentRight: number | null;
  discrimination: number | null;
  flags: QuestionFlag[];
}

export interface ModuleFigures {
  slug: string;
  title: string;
  questions: number;
  answers: number;
  percentWrong: number | null;
  /** Failed attempts that got at least one of the module's questions wrong, so named it to revisit. */
  failedAttemptsNamed: number;
  percentOfFailedAttempts: number | null;
}

export interface QuestionStatistics {
  attempts: number;
  failedAttempts: number;
  questions: QuestionFigures[];
  modules: ModuleFigures[];
}

const percent = (part: number, whole: number) => (whole > 0 ? (part * 100) / whole : null);

/**
 * Every question of the bank (and any no longer in it that has answers) with
 * its figures, in bank order, and every module in course order.
 */
export function questionStatistics(
  bank: ReadonlyArray<{ id: string; module: string; question: string }>,
  modules: ReadonlyArray<{ slug: string; title: string }>,
  db: Executor = getDb(),
): QuestionStatistics {
  const sums = new Map(
    db
      .select()
      .from(questionSums)
      .all()
      .map((r) => [r.questionId, r]),
  );
  const named = new Map(
    db
      .select()
      .from(moduleStatistics)
      .all()
      .map((r) => [r.moduleSlug, r.failedAttemptsNamed]),
  );
  const kept = db.select().from(assessmentTotals).get();
  const totals = { attempts: kept?.attempts ?? 0, failed: kept?.failedAttempts ?? 0 };

  const removed = [...sums.values()]
    .filter((r) => !bank.some((q) => q.id === r.questionId))
    .map((r) => ({ id: r.questionId, module: r.moduleSlug, question: null }));
  const questions = [...bank, ...removed].map((q): QuestionFigures => {
    const s = sums.get(q.id);
    const drawn = s?.drawn ?? 0;
    const percentRight = s ? percent(s.answeredRight, s.drawn) : null;
    const discrimination = s ? itemRestCorrelation(s) : null;
    return {
      id: q.id,
      module: s?.moduleSlug ?? q.module,
      text: q.question,
      drawn,
      percentRight,
      discrimination,
      flags: questionFlags(drawn, percentRight, discrimination),
    };
  });

  const moduleFigures = modules.map((m): ModuleFigures => {
    const own = [...sums.values()].filter((r) => r.moduleSlug === m.slug);
    const answers = own.reduce((n, r) => n + r.drawn, 0);
    const right = own.reduce((n, r) => n + r.answeredRight, 0);
    const failedNamed = named.get(m.slug) ?? 0;
    return {
      slug: m.slug,
      title: m.title,
      questions: bank.filter((q) => q.module === m.slug).length,
      answers,
      percentWrong: percent(answers - right, answers),
      failedAttemptsNamed: failedNamed,
      percentOfFailedAttempts: percent(failedNamed, totals.failed),
    };
  });
  return { attempts: totals.attempts, failedAttempts: totals.failed, questions, modules: moduleFigures };
}

/** A per cent to one decimal place, or "–" when there is nothing to divide. */
export function formatPercent(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(1)}%`;
}

/** A discrimination to two decimal places, or "–" when it cannot be worked out. */
export function formatDiscrimination(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

export const QUESTION_CSV_HEADER = [
  'Question id',
  'Module',
  'Question',
  'Times drawn',
  'Per cent right',
  'Discrimination',
  'Flags',
] as const;

/** The questions' figures as CSV, starting with a UTF-8 byte order mark so spreadsheets read the text right. */
export function questionStatisticsCsv(stats: QuestionStatistics): string {
  // Only the text cells are neutralised: a negative discrimination must stay a number in the spreadsheet.
  const records = stats.questions.map((q) => [
    neutraliseCell(q.id),
    neutraliseCell(q.module),
    neutraliseCell(q.text ?? '(removed from the bank)'),
    String(q.drawn),
    q.percentRight === null ? '' : q.percentRight.toFixed(1),
    q.discrimination === null ? '' : q.discrimination.toFixed(3),
    q.flags.map((f) => FLAG_LABELS[f]).join('; '),
  ]);
  const body = stringify([[...QUESTION_CSV_HEADER], ...records], { record_delimiter: 'windows' });
  return `\uFEFF${body}`;
}
