import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/a11y.ts';

/** Opens a public page and checks what every information page must have. */
async function openInfoPage(page: Page, path: string, heading: RegExp): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['set-cookie']).toBeUndefined();
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
}

test('events page lists past events with UK dates, places and audiences', async ({ page }) => {
  await openInfoPage(page, '/events/', /Events and training/);
  const headings = page.getByRole('heading', { level: 2 });
  await expect(headings.nth(0)).toHaveText('Upcoming events');
  await expect(headings.nth(1)).toHaveText('Past events');

  const past = page.getByRole('region', { name: 'Past events' });
  const conference = past
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'ERASE Young People’s Conference' }) });
  await expect(conference.locator('time')).toHaveAttribute('datetime', '2016-06-22');
  await expect(conference.locator('time')).toHaveText('22 June 2016');
  await expect(conference).toContainText('County Durham');
  await expect(conference.locator('.tag')).toHaveText(['Young people']);

  const pathways = past.getByRole('heading', { name: /Problem Solving and Referral Pathways/ });
  // The report gives "two events on 26 April 2016", not a first and a second session.
  await expect(pathways).toHaveCount(1);
  await expect(past.getByText(/first|second/i)).toHaveCount(0);
  const aap = past
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: /Area Action Partnership/ }) });
  // The report says only "March through to November": no invented days.
  await expect(aap.locator('dd').first()).toHaveText('March to November 2016');
  await expect(aap.locator('time')).toHaveCount(0);

  // Most recent first: the AAP series ended last, the April events came first.
  const order = await past.locator('.event h3').allTextContents();
  expect(order[0]).toMatch(/Area Action Partnership/);
  expect(order.at(-1)).toMatch(/Problem Solving/);

  await expect(page.getByText(/come from .*report to Cabinet/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'do the training online' })).toHaveAttribute('href', '/taxi-drivers/');
  // No licensing number is configured in the test build: the page says where to find one instead.
  await expect(page.locator('.contact')).toContainText('Licensing Services');
  await expect(page.locator('.contact')).toContainText('phone number and email address are on');
  await expect(page.locator('.contact a[href^="tel:"]')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('about page explains ERASE and describes today’s partnership with the 2016 board as history', async ({ page }) => {
  await openInfoPage(page, '/about/', /About/);
  await expect(
    page.getByRole('main').getByText('Educate and Raise Awareness of Sexual Exploitation', { exact: true }),
  ).toBeVisible();
  const partnership = page.locator('#partnership');
  await expect(partnership.getByRole('heading', { level: 2 })).toHaveText(
    'The local safeguarding children partnership',
  );
  await expect(partnership).toContainText('Children and Social Work Act 2017');
  await expect(partnership.getByRole('heading', { level: 3 })).toHaveText(/In 2016/);
  await expect(partnership).toContainText('since 2011');
  await expect(partnership).toContainText('through Durham County Council’s website');
  await expect(page.getByText(/run by .* with the Durham Safeguarding Children Partnership/).first()).toBeVisible();
  await expect(page.getByText(/with the Local Safeguarding Children Board\./)).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('accessibility statement has the parts the regulations require', async ({ page }) => {
  await openInfoPage(page, '/accessibility/', /Accessibility statement/);
  for (const name of [
    'How accessible this website is',
    'Feedback and contact information',
    'Enforcement procedure',
    'Compliance status',
    'Preparation of this accessibility statement',
  ]) {
    await expect(page.getByRole('heading', { name })).toBeVisible();
  }
  await expect(
    page.getByText(/partially compliant with the Web Content Accessibility Guidelines version 2\.2/),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: /Equality Advisory and Support Service/ })).toBeVisible();
  // Certificates are tagged now: the statement says so and no longer lists untagged PDFs as a failure.
  await expect(page.getByText(/training certificates are tagged PDF files/)).toBeVisible();
  await expect(page.getByText(/PDF files without tags/)).toHaveCount(0);
  await expect(page.locator('time[datetime="2026-11-27"]').first()).toHaveText('27 November 2026');
  await expectNoAxeViolations(page);
});

test('privacy page says the public pages set no cookies and lists what the training keeps', async ({ page }) => {
  await openInfoPage(page, '/privacy/', /Privacy/);
  await expect(page.getByText('set no cookies')).toBeVisible();
  await expect(page.getByText('use no analytics')).toBeVisible();
  await expect(page.getByText('make no requests to other websites')).toBeVisible();
  for (const held of ['Your licence details', 'Your progress', 'Your assessment attempts', 'Your certificates']) {
    await expect(page.getByText(held)).toBeVisible();
  }
  await expect(page.getByRole('heading', { name: 'Your rights' })).toBeVisible();
  await expect(page.getByText(/subject access request/)).toBeVisible();
  await expect(page.context().cookies()).resolves.toEqual([]);
  await expectNoAxeViolations(page);
});

test('information pages load nothing from other sites', async ({ page, baseURL }) => {
  const ownOrigin = new URL(baseURL ?? '').origin;
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== ownOrigin) foreign.push(request.url());
  });
  for (const path of ['/events/', '/about/', '/accessibility/', '/privacy/']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  expect(foreign).toEqual([]);
});
