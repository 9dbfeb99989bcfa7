/**
 * Reading an assessment form. Each radio's value is the option's position as
 * shown in this attempt, not its id, so the page's markup says nothing about
 * which option the bank marks correct.
 */
import type { Question } from '../content/course-schemas.ts';
import { optionsInOrder } from './assessment.ts';

/** The form field name for a question. */
export function answerField(question: Pick<Question, 'id'>): string {
  return `q-${question.id}`;
}

export interface ParsedAnswers {
  /** Question id → chosen option id, for the questions answered. */
  answers: Record<string, string>;
  /** Ids of questions with no valid answer, in page order. */
  missing: string[];
}

/** Maps submitted positions back to option ids; anything not a valid position counts as unanswered. */
export function parseAnswers(
  form: Record<string, string>,
  questions: readonly Question[],
  attemptSeed: string,
): ParsedAnswers {
  const answers: Record<string, string> = {};
  const missing: string[] = [];
  for (const q of questions) {
    const raw = form[answerField(q)];
    const shown = optionsInOrder(q, attemptSeed);
    const position = typeof raw === 'string' && /^\d{1,2}$/.test(raw) ? Number(raw) : -1;
    const option = shown[position];
    if (option) answers[q.id] = option.id;
    else missing.push(q.id);
  }
  return { answers, missing };
}
