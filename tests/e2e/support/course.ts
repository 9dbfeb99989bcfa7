/** Walking the course in the browser, shared by the course and whole-journey specs. */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Question } from '../../../src/lib/content/course-schemas.ts';
import { readQuestionBank } from '../../unit/support/course-files.ts';

const bank = readQuestionBank();

/** Reads a module from its start to its scenario through the Continue buttons, and answers the scenario. */
export async function completeModule(page: Page, slug: string, sectionCount: number): Promise<void> {
  await page.goto(`/training/${slug}/?section=1`);
  for (let i = 1; i < sectionCount; i += 1) {
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(page.getByText(`Section ${i + 1} of ${sectionCount}`)).toBeVisible();
  }
  await page.getByRole('button', { name: 'Continue to the question' }).click();
  await expect(page).toHaveURL(new RegExp(`/training/${slug}/scenario$`));
  await page.getByRole('radio').first().check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.getByText('You have completed this module.')).toBeVisible();
}

/** The bank question shown in a fieldset, found by its text (the longest match, should one contain another). */
export async function questionIn(fieldset: Locator): Promise<Question> {
  const legend = (await fieldset.locator('legend').innerText()).replace(/\s+/g, ' ');
  const q = bank.filter((x) => legend.includes(x.question)).sort((a, b) => b.question.length - a.question.length)[0];
  if (!q) throw new Error(`Question not in the bank: ${legend}`);
  return q;
}

/** Chooses answers: right for all but the first `wrong` questions. Returns the drawn questions. */
export async function answerAssessment(page: Page, wrong: number): Promise<Question[]> {
  const fieldsets = page.locator('form fieldset');
  await expect(fieldsets).toHaveCount(10);
  const drawn: Question[] = [];
  for (let i = 0; i < 10; i += 1) {
    const fieldset = fieldsets.nth(i);
    const q = await questionIn(fieldset);
    drawn.push(q);
    const option = q.options.find((o) => (i < wrong ? !o.correct : o.correct))!;
    await fieldset.getByLabel(option.text, { exact: true }).check();
  }
  return drawn;
}
