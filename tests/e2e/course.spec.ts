import { expect, test, type Page } from '@playwright/test';
import type Database from 'better-sqlite3';
import { readModules, readQuestionBank } from '../unit/support/course-files.ts';
import { expectNoAxeViolations } from './support/a11y.ts';
import { answerAssessment, completeModule, questionIn } from './support/course.ts';
import { e2eDb, insertDriver, insertUser, signInAs, uniqueBadge } from './support/db.ts';

const modules = readModules();
const bank = readQuestionBank();
const first = modules[0]!;

let db: Database.Database;
test.beforeAll(() => {
  db = e2eDb();
});
test.afterAll(() => db.close());

/** A new driver on the register with an account, signed in in this browser context. */
async function newDriver(page: Page, baseURL: string, opts: { applicant?: boolean } = {}): Promise<number> {
  const badge = uniqueBadge('C');
  const driverId = opts.applicant
    ? null
    : insertDriver(db, { badgeNumber: badge, surname: 'Ahmed', forenames: 'Sara' });
  const userId = insertUser(db, {
    email: `${badge.toLowerCase()}@example.test`,
    role: 'driver',
    driverId,
    isApplicant: !!opts.applicant,
  });
  await signInAs(page.context(), db, userId, baseURL);
  return userId;
}

test('the overview shows the task list, status and deadline', async ({ page, baseURL }) => {
  // The server runs on today's date, long after the default 2016 deadline: a licensed driver with nothing done is overdue.
  await newDriver(page, baseURL!);
  const response = await page.goto('/training/');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['cache-control']).toBe('no-store');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your CSE awareness training');
  await expect(page.getByTestId('status')).toHaveText('Overdue');
  await expect(page.getByText('1 September 2016')).toBeVisible();
  const tasks = page.locator('.task-list li');
  await expect(tasks).toHaveCount(modules.length + 1);
  for (const [i, m] of modules.entries()) {
    await expect(tasks.nth(i).getByRole('link', { name: m.data.title })).toBeVisible();
    await expect(tasks.nth(i)).toContainText('Not started');
  }
  await expect(tasks.last()).toContainText('Cannot start yet');
  await expect(tasks.last().getByRole('link')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Start the course' })).toHaveAttribute(
    'href',
    `/training/${first.slug}/?section=1`,
  );
  await expectNoAxeViolations(page);
});

test('an applicant sees that training is required before the licence', async ({ page, baseURL }) => {
  await newDriver(page, baseURL!, { applicant: true });
  await page.goto('/training/');
  await expect(page.getByTestId('status')).toHaveText('Not started');
  await expect(page.getByText('Required before your licence is granted')).toBeVisible();
  await expect(page.getByText('1 September 2016')).toHaveCount(0);
});

test('a module goes one section at a time, resumes where the driver left off, and completes with its scenario', async ({
  page,
  baseURL,
}) => {
  // An applicant, so the status is not overdue and shows the move to "In progress".
  await newDriver(page, baseURL!, { applicant: true });
  const count = first.sections.length;
  await page.goto(`/training/${first.slug}/`);
  await expect(page.getByText(`Section 1 of ${count}`)).toBeVisible();
  await expect(
    page.getByRole('heading', {
      level: 2,
      name: first.sections[0]!.split('\n')[0]!.replace('## ', '').replace(/'/g, '’'),
    }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Previous' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(/\?section=2$/);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page.getByText(`Section 3 of ${count}`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Previous' })).toHaveAttribute(
    'href',
    `/training/${first.slug}/?section=2`,
  );

  // A section not yet reached sends the driver back to the furthest one.
  await page.goto(`/training/${first.slug}/?section=${count}`);
  await expect(page).toHaveURL(/\?section=3$/);
  // The scenario stays closed until the last section is reached, even for a hand-made POST.
  const early = await page.request.post(`/training/${first.slug}/scenario`, {
    form: { choice: first.data.scenario.choices[0]!.id },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(early.status()).toBe(303);

  // Coming back later: both the overview and the module offer to continue where they left off.
  await page.goto('/training/');
  await expect(page.locator('.task-list li').first()).toContainText('In progress');
  await expect(page.getByTestId('status')).toHaveText('In progress');
  await page.goto(`/training/${first.slug}/`);
  await expect(page.getByText('Section 1 of')).toBeVisible();
  await page.getByRole('link', { name: 'Continue where you left off' }).click();
  await expect(page.getByText(`Section 3 of ${count}`)).toBeVisible();

  for (let i = 3; i < count; i += 1) await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('button', { name: 'Continue to the question' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What would you do?');
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose an answer');
  const wrong = first.data.scenario.choices.find((c) => !c.best)!;
  await page.getByLabel(wrong.text).check();
  await page.getByRole('button', { name: 'Check my answer' }).click();
  await expect(page.getByRole('heading', { name: 'There is a better answer' })).toBeVisible();
  await expect(page.getByText(wrong.feedback.trim().split('. ')[0]!)).toBeVisible();
  await expect(page.getByText('You have completed this module.')).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto('/training/');
  await expect(page.locator('.task-list li').first()).toContainText('Completed');
});

test('the course fits a 320 px screen without sideways scrolling', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await newDriver(page, baseURL!);
  for (const path of ['/training/', `/training/${modules[2]!.slug}/`, '/training/assessment/', '/training/glossary/']) {
    await page.goto(path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, path).toBeLessThanOrEqual(320);
  }
});

test('the Listen button appears only where the browser can speak', async ({ page, baseURL }) => {
  await newDriver(page, baseURL!);
  await page.goto(`/training/${first.slug}/`);
  const canSpeak = await page.evaluate(() => 'speechSynthesis' in window);
  await expect(page.getByRole('button', { name: 'Listen' })).toHaveCount(canSpeak ? 1 : 0);
  await page.addInitScript(() => {
    delete (window as { speechSynthesis?: unknown }).speechSynthesis;
  });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Listen' })).toHaveCount(0);
});

test('the assessment is refused before every module is complete, even for a hand-made POST', async ({
  page,
  baseURL,
}) => {
  await newDriver(page, baseURL!);
  await completeModule(page, first.slug, first.sections.length);
  const response = await page.goto('/training/assessment/');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot start the assessment yet');
  await expect(page.getByRole('link', { name: modules[1]!.data.title })).toBeVisible();
  await expect(page.getByRole('link', { name: first.data.title, exact: true })).toHaveCount(0);
  const forms: Array<Record<string, string>> = [{ action: 'start' }, { action: 'submit', attempt: '1' }];
  for (const form of forms) {
    const post = await page.request.post('/training/assessment/', {
      form,
      headers: { Origin: baseURL! },
      maxRedirects: 0,
    });
    expect(post.status()).toBe(403);
  }
  expect(
    db.prepare('select count(*) as n from assessment_attempts where user_id = ?').get(await userIdFor(page)),
  ).toEqual({ n: 0 });
});

async function userIdFor(page: Page): Promise<number> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'session')!;
  const row = db.prepare('select user_id from sessions where id = ?').get(cookie.value.split('.')[0]) as {
    user_id: number;
  };
  return row.user_id;
}

test('a driver completes every module, fails one attempt, passes the next, and gets one certificate', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const userId = await newDriver(page, baseURL!);
  for (const m of modules) await completeModule(page, m.slug, m.sections.length);
  await page.goto('/training/');
  await expect(page.locator('.task-list li').last()).toContainText('Not started');
  await page.locator('.task-list li').last().getByRole('link', { name: 'Assessment' }).click();

  // First attempt: three wrong answers, 7 out of 10, below the 80% pass mark.
  await page.getByRole('button', { name: 'Start the assessment' }).click();
  await expectNoAxeViolations(page);
  const drawn = await answerAssessment(page, 3);
  expect(new Set(drawn.map((q) => q.module)).size).toBe(modules.length);
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You did not pass this time');
  await expect(page.getByText('Your score: 7 out of 10 (70%)')).toBeVisible();
  const revisit = new Set(drawn.slice(0, 3).map((q) => q.module));
  await expect(page.getByRole('list', { name: 'Modules to read again' }).getByRole('link')).toHaveCount(revisit.size);
  for (const m of modules) {
    const link = page.getByRole('list', { name: 'Modules to read again' }).getByRole('link', { name: m.data.title });
    await expect(link).toHaveCount(revisit.has(m.slug) ? 1 : 0);
  }
  const body = await page.locator('main').innerText();
  for (const q of drawn) {
    expect(body).not.toContain(q.question);
    for (const o of q.options) expect(body).not.toContain(o.text);
  }
  await expectNoAxeViolations(page);
  await expect(page).toHaveURL(/\/training\/assessment\/\d+\/$/);
  expect(db.prepare('select count(*) as n from certificates where user_id = ?').get(userId)).toEqual({ n: 0 });

  // Second attempt: a fresh draw, all answers right, sent ten times at once.
  await page.getByRole('button', { name: 'Try the assessment again' }).click();
  const fieldsets = page.locator('form fieldset');
  await expect(fieldsets).toHaveCount(10);
  const form: Record<string, string> = {
    action: 'submit',
    attempt: (await page.locator('input[name="attempt"]').getAttribute('value'))!,
  };
  for (let i = 0; i < 10; i += 1) {
    const q = await questionIn(fieldsets.nth(i));
    const input = fieldsets.nth(i).getByLabel(q.options.find((o) => o.correct)!.text, { exact: true });
    form[(await input.getAttribute('name'))!] = (await input.getAttribute('value'))!;
  }
  const responses = await Promise.all(
    Array.from({ length: 10 }, () =>
      page.request.post('/training/assessment/', { form, headers: { Origin: baseURL! }, maxRedirects: 0 }),
    ),
  );
  for (const r of responses) {
    expect(r.status()).toBe(303);
    expect(r.headers()['location']).toBe(`/training/assessment/${form.attempt}/`);
  }
  expect(db.prepare('select count(*) as n from certificates where user_id = ?').get(userId)).toEqual({ n: 1 });
  expect(
    db
      .prepare('select count(*) as n from assessment_attempts where user_id = ? and submitted_at is not null')
      .get(userId),
  ).toEqual({ n: 2 });

  await page.goto(`/training/assessment/${form.attempt}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You passed the assessment');
  await expect(page.getByText('Your score: 10 out of 10 (100%)')).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto('/training/');
  await expect(page.getByTestId('status')).toHaveText('Completed');
  await expect(page.locator('.task-list li').last()).toContainText('Completed');
  await expect(page.getByRole('link', { name: 'Download your certificate (PDF)' })).toBeVisible();
});

test('a driver whose completion has expired is invited to take the assessment again', async ({ page, baseURL }) => {
  const userId = await newDriver(page, baseURL!);
  const at = Date.now();
  for (const m of modules) {
    db.prepare(
      'insert into module_progress (user_id, module_slug, furthest_section, scenario_answer, started_at, completed_at) values (?, ?, ?, ?, ?, ?)',
    ).run(userId, m.slug, m.sections.length - 1, m.data.scenario.choices[0]!.id, at, at);
  }
  db.prepare(
    `insert into certificates (code, kind, user_id, holder_name, completed_on, expires_on, issued_at) values (?, 'online', ?, 'Sara Ahmed', '2016-01-04', '2019-01-04', ?)`,
  ).run(`EXP-${userId}`, userId, at);

  await page.goto('/training/');
  await expect(page.getByTestId('status')).toHaveText('Expired');
  await expect(page.getByRole('heading', { name: 'Your training has expired' })).toBeVisible();
  await expect(page.locator('.task-list li').last()).toContainText('Not started');
  await page.getByRole('link', { name: 'Go to the assessment' }).click();
  await expect(page.getByText('Your training has expired.')).toBeVisible();
  await page.getByRole('button', { name: 'Start the assessment' }).click();
  await expect(page.locator('form fieldset')).toHaveCount(10);
});

test('a driver cannot open another driver’s result', async ({ page, baseURL }) => {
  const owner = await newDriver(page, baseURL!);
  const attempt = db
    .prepare(
      'insert into assessment_attempts (user_id, question_ids, answers, score, passed, started_at, submitted_at) values (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(owner, JSON.stringify(bank.slice(0, 10).map((q) => q.id)), '{}', 0, 0, Date.now(), Date.now()).lastInsertRowid;
  await page.context().clearCookies();
  await newDriver(page, baseURL!);
  const response = await page.goto(`/training/assessment/${attempt}/`);
  expect(response?.status()).toBe(404);
});
