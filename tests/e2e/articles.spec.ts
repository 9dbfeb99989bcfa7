import { expect, test, type Page } from '@playwright/test';
import { AUDIENCES } from '../../src/lib/audiences.ts';
import { expectNoAxeViolations } from './support/a11y.ts';

/** Something each audience's help block must offer that the others' need not. */
const HELP_FOR: Record<(typeof AUDIENCES)[number]['slug'], string> = {
  children: 'Childline',
  'young-people': 'Report Remove',
  'parents-carers': '0808 800 5000',
  professionals: '101',
};

/** The article addresses an audience index links to, in the order shown. */
async function articleLinks(page: Page): Promise<string[]> {
  const links = page.getByRole('list', { name: 'Read more' }).getByRole('link');
  return links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
}

for (const audience of AUDIENCES) {
  test(`${audience.label}: the index lists at least 8 articles and every article is complete`, async ({ page }) => {
    const index = await page.goto(`/${audience.slug}/`);
    expect(index?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(audience.label);
    const hrefs = await articleLinks(page);
    expect(hrefs.length).toBeGreaterThanOrEqual(8);
    for (const href of hrefs) expect(href).toMatch(new RegExp(`^/${audience.slug}/[a-z0-9-]+/$`));
    await expectNoAxeViolations(page);

    for (const [i, href] of hrefs.entries()) {
      const response = await page.goto(href);
      expect(response?.status(), href).toBe(200);
      await expect(page.locator('h1'), href).toHaveCount(1);
      await expect(page.getByText(/^Updated \d{1,2} [A-Z][a-z]+ \d{4}$/), href).toBeVisible();
      await expect(page.locator('time[datetime]'), href).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
      const sources = page.getByRole('region', { name: 'Sources' }).getByRole('listitem');
      expect(await sources.count(), `${href} lists its sources`).toBeGreaterThan(0);

      const help = page.getByRole('complementary', { name: 'If you need help' });
      await expect(help, href).toContainText(HELP_FOR[audience.slug]);
      await expect(help.locator('a[href="/get-help/"]'), href).toBeVisible();
      const helpFollowsBody = await help.evaluate((block) => {
        const body = document.querySelector('.article__body');
        return (
          !!body &&
          body.textContent!.trim().length > 0 &&
          !!(body.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING)
        );
      });
      expect(helpFollowsBody, `${href}: help comes after the body`).toBe(true);
      const helpIsLast = await help.evaluate((block) => block.parentElement?.lastElementChild === block);
      expect(helpIsLast, `${href}: the help box is the last thing in the article, after the sources`).toBe(true);
      await expect(page.locator('astro-island, script[type="module"]'), `${href} ships no framework JS`).toHaveCount(0);

      if (i === 0) await expectNoAxeViolations(page);
    }
  });
}

test('children’s pages use the friendlier children’s theme', async ({ page }) => {
  await page.goto('/children/');
  await expect(page.locator('body')).toHaveClass(/theme-children/);
  await page.goto('/young-people/');
  await expect(page.locator('body')).not.toHaveClass(/theme-children/);
});

test('articles print without the exit control and with the addresses of their sources', async ({ page }) => {
  await page.goto('/young-people/');
  const [first] = await articleLinks(page);
  await page.goto(first!);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('complementary', { name: 'Exit this page' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toBeHidden();
  const source = page.getByRole('region', { name: 'Sources' }).locator('a[href^="http"]').first();
  const href = await source.getAttribute('href');
  const printed = await source.evaluate((a) => getComputedStyle(a, '::after').content);
  expect(printed).toContain(href);
});

/** Articles added for issue 11 (topics the December 2026 review found missing), each checked with axe. */
const ISSUE_11_ARTICLES = [
  '/children/who-can-help-easy-read/',
  '/children/what-happens-when-you-tell/',
  '/young-people/criminal-exploitation-and-county-lines/',
  '/young-people/boys-and-young-men/',
  '/young-people/lgbtq-young-people/',
  '/young-people/sextortion/',
  '/young-people/the-law-on-sex-and-images/',
  '/young-people/what-happens-after-you-tell/',
  '/parents-carers/if-your-child-tells-you/',
  '/parents-carers/criminal-exploitation-and-county-lines/',
  '/parents-carers/disabled-children/',
  '/professionals/criminal-exploitation-and-county-lines/',
  '/professionals/children-who-are-often-missed/',
];

for (const path of ISSUE_11_ARTICLES) {
  test(`no accessibility violations on ${path}, which ends with the help box`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('complementary', { name: 'If you need help' })).toBeVisible();
    await expectNoAxeViolations(page);
  });
}

test('the sextortion guide gives the four steps in order: do not pay, stop replying, keep evidence, report', async ({
  page,
}) => {
  await page.goto('/young-people/sextortion/');
  const steps = await page.locator('.article__body h2').allTextContents();
  expect(steps.slice(0, 4)).toEqual(['1. Do not pay', '2. Stop replying', '3. Keep the evidence', '4. Report it']);
  await expect(page.locator('.article__body')).toContainText('Report Remove');
});
