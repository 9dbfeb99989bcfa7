/**
 * Learning after failing: a driver who fails twice is sent back to the
 * modules the result named, cannot start a third attempt until each is
 * opened again, then passes; the officer sees each attempt's questions as
 * shown. And the officer's question statistics page and its CSV.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { readModules } from '../unit/support/course-files.ts';
import { expectNoAxeViolations } from './support/a11y.ts';
import { answerAssessment } from './support/course.ts';
import { e2eDb, insertDriver, insertUser, signInAs, uniqueBadge } from './support/db.ts';

const modules = readModules();

test('a driver who fails twice reopens the named modules before a third attempt, then passes', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const db = e2eDb();
  const badge = uniqueBadge('L');
  const driverId = insertDriver(db, { badgeNumber: badge, surname: 'Rahman', forenames: 'Nadia' });
  const userId = insertUser(db, { email: `${badge.toLowerCase()}@example.test`, role: 'driver', driverId });
  const done = Date.now();
  const complete = db.prepare(
    `insert into module_progress (user_id, module_slug, furthest_section, scenario_answer, started_at, completed_at)
     values (?, ?, ?, 'any', ?, ?)`,
  );
  for (const m of modules) complete.run(userId, m.slug, m.sections.length - 1, done, done);
  await signInAs(context, db, userId, baseURL!);

  await page.goto('/training/assessment/');
  await page.getByRole('button', { name: 'Start the assessment' }).click();
  await answerAssessment(page, 3);
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You did not pass this time');
  await expect(page.getByRole('list', { name: 'Modules to read again' }).getByRole('link').first()).toBeVisible();

  await page.getByRole('button', { name: 'Try the assessment again' }).click();
  const drawn = await answerAssessment(page, 4);
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You did not pass this time');
  await expect(page.getByText('Before your next attempt, open each of these modules')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try the assessment again' })).toHaveCount(0);
  const named = modules.filter((m) => drawn.slice(0, 4).some((q) => q.module === m.slug));
  const namedLinks = page.getByRole('list', { name: 'Modules to read again' }).getByRole('link');
  await expect(namedLinks).toHaveText(named.map((m) => m.data.title));
  for (const m of named) {
    await expect(namedLinks.filter({ hasText: m.data.title })).toHaveAttribute('href', `/training/${m.slug}/`);
  }

  const refused = await page.goto('/training/assessment/');
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Read the modules again first');
  await expectNoAxeViolations(page);
  const start = await page.request.post('/training/assessment/', {
    form: { action: 'start' },
    headers: { Origin: baseURL! },
  });
  expect(start.status()).toBe(403);

  for (const [i, m] of named.entries()) {
    const stillToOpen = page.getByRole('list', { name: 'Modules to open again' }).getByRole('link');
    await expect(stillToOpen).toHaveCount(named.length - i);
    await stillToOpen.filter({ hasText: m.data.title }).click();
    await expect(page).toHaveURL(new RegExp(`/training/${m.slug}/$`));
    await page.goto('/training/assessment/');
  }

  await page.getByRole('button', { name: 'Start a new attempt' }).click();
  await answerAssessment(page, 0);
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You passed the assessment');

  const officerId = insertUser(db, { email: `officer-${badge.toLowerCase()}@example.test`, role: 'officer' });
  await context.clearCookies();
  await signInAs(context, db, officerId, baseURL!);
  db.close();
  await page.goto(`/officer/drivers/${driverId}`);
  const seen = page.locator('details.attempt-seen');
  await expect(seen).toHaveCount(3);
  await seen.nth(1).locator('summary').click();
  const first = drawn[0]!;
  const item = seen.nth(1).getByRole('listitem').filter({ hasText: first.question }).first();
  await expect(item).toContainText('(chosen)');
  await expect(item).toContainText('(right answer)');
  await expectNoAxeViolations(page);
});

test('an officer reads the question statistics from the dashboard and downloads them as CSV', async ({
  page,
  context,
  baseURL,
}) => {
  const db = e2eDb();
  const officerId = insertUser(db, { email: `stats-${uniqueBadge('S').toLowerCase()}@example.test`, role: 'officer' });
  await signInAs(context, db, officerId, baseURL!);

  await page.goto('/officer/');
  await page.getByRole('link', { name: 'How each assessment question performs' }).click();
  await expect(page).toHaveURL(/\/officer\/questions\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How the assessment questions perform');
  await expect(
    page.getByRole('navigation', { name: 'Officer console' }).getByRole('link', { name: 'Questions' }),
  ).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('table', { name: 'Every question in the bank, in bank order' })).toBeVisible();
  await expectNoAxeViolations(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the question figures (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^assessment-questions-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFFQuestion id,Module,Question,Times drawn,Per cent right,Discrimination,Flags\r\n')).toBe(
    true,
  );
  const audited = db
    .prepare(`select count(*) as n from audit_log where action = 'question_statistics_export' and actor_user_id = ?`)
    .get(officerId) as { n: number };
  db.close();
  expect(audited.n).toBe(1);
});
