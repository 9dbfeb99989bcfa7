import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/a11y.ts';

const ARTICLE_PATH = /^\/(children|young-people|parents-carers|professionals)\/[a-z0-9-]+\/$/;

for (const q of ['grooming', 'online']) {
  test(`searching for "${q}" finds at least one article`, async ({ page }) => {
    await page.goto(`/search/?q=${q}`);
    await expect(page.getByRole('status').filter({ hasText: /result/ })).toHaveText(
      new RegExp(`^\\d+ results? for ${q}$`),
    );
    await expect(page.getByLabel('Search this site')).toHaveValue(q);
    await expect(page.getByText('Search needs JavaScript')).toBeHidden();
    const hrefs = await page
      .locator('#search-results a')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(hrefs.filter((h) => ARTICLE_PATH.test(h)).length, hrefs.join(', ')).toBeGreaterThan(0);
    await expect(page.locator('#search-results mark').first()).toBeVisible();
  });
}

test('search results page has no accessibility violations', async ({ page }) => {
  await page.goto('/search/?q=grooming');
  await expect(page.locator('#search-results li').first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the query is shown as text, never as markup', async ({ page }) => {
  const q = '<img src=x onerror=alert(1)>';
  await page.goto(`/search/?q=${encodeURIComponent(q)}`);
  await expect(page.locator('#search-status')).toContainText(`for ${q}`);
  await expect(page.locator('main img')).toHaveCount(0);
});

test('the home, search and 404 pages are not search results', async ({ page }) => {
  await page.goto('/search/?q=exploitation');
  await expect(page.locator('#search-status')).toHaveText(/results? for exploitation/);
  const hrefs = await page
    .locator('#search-results a')
    .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const excluded of ['/', '/search/', '/404/', '/404.html']) expect(hrefs).not.toContain(excluded);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('explains that search needs JavaScript and offers every section instead', async ({ page }) => {
    await page.goto('/search/?q=grooming');
    await expect(page.getByText('Search needs JavaScript')).toBeVisible();
    const main = page.getByRole('main');
    for (const [name, href] of [
      ['Younger children', '/children/'],
      ['Young people', '/young-people/'],
      ['Parents and carers', '/parents-carers/'],
      ['Professionals', '/professionals/'],
      ['Get help', '/get-help/'],
    ]) {
      await expect(main.getByRole('link', { name: name!, exact: true })).toHaveAttribute('href', href!);
    }
  });
});
