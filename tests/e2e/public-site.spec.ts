import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/a11y.ts';

/** Rendered on demand (sign-in, training, officer): outside the public crawl. */
const ON_DEMAND = ['/login', '/logout', '/register', '/training', '/officer', '/verify', '/account', '/password-reset'];
const AUDIENCE_DOORS = ['/children/', '/young-people/', '/parents-carers/', '/professionals/'];

function isOnDemand(pathname: string): boolean {
  return ON_DEMAND.some((p) => pathname === p || pathname.startsWith(`${p}/`) || pathname.startsWith(`${p}.`));
}

/** Same-origin page links on the current page, as paths, without fragments. */
async function internalLinks(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  return hrefs
    .map((h) => new URL(h))
    .filter((u) => u.origin === origin && !isOnDemand(u.pathname))
    .map((u) => u.pathname + u.search);
}

test('every public page is a well-formed, private, framework-free page', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  const cookieHeaders: Promise<string | null>[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => cookieHeaders.push(r.headerValue('set-cookie')));

  const queue = ['/', '/search/'];
  const seen = new Set(queue);
  const titles = new Map<string, string>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    const response = await page.goto(path);
    expect(response?.status(), `${path} status`).toBe(200);
    await expect(page.locator('html'), path).toHaveAttribute('lang', 'en-GB');
    await expect(page.locator('h1'), `${path} has one h1`).toHaveCount(1);
    await expect(page.locator('a.skip-link[href="#main"]'), `${path} skip link`).toHaveCount(1);
    await expect(page.locator('#main'), `${path} skip target`).toHaveCount(1);
    await expect(page.getByRole('link', { name: 'Emergency Exit this page' }), `${path} exit`).toBeVisible();
    await expect(page.locator('astro-island'), `${path} islands`).toHaveCount(0);
    const title = await page.title();
    expect(titles.get(title), `"${title}" on ${path} is also the title of`).toBeUndefined();
    titles.set(title, path);
    for (const link of await internalLinks(page, origin)) {
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }

  const notFound = await page.goto('/no-such-page/');
  expect(notFound?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  const byName = await page.goto('/404');
  expect(byName?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');

  for (const door of [...AUDIENCE_DOORS, '/get-help/', '/taxi-drivers/'])
    expect(seen, `crawl reached ${door}`).toContain(door);
  expect(
    requests.filter((u) => !u.startsWith(`${origin}/`)),
    'requests to other origins',
  ).toEqual([]);
  expect(
    requests.filter((u) => /\/_astro\/.*(react|client)/.test(u)),
    'framework scripts',
  ).toEqual([]);
  expect(
    (await Promise.all(cookieHeaders)).filter((h) => h !== null),
    'Set-Cookie headers',
  ).toEqual([]);
});

/** Presses Tab until `done` holds for the focused element's path (or gives up), returning every focused path. */
async function tabUntil(
  page: Page,
  done: (path: string, inDoors: boolean) => boolean,
): Promise<{ path: string; inDoors: boolean }[]> {
  const focused: { path: string; inDoors: boolean }[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement as HTMLAnchorElement | null;
      return { path: el?.href ? new URL(el.href).pathname : '', inDoors: !!el?.closest('main .doors') };
    });
    focused.push(f);
    if (done(f.path, f.inDoors)) break;
  }
  return focused;
}

test('keyboard only: Tab reaches every audience door and Get help, and Enter opens Get help', async ({ page }) => {
  await page.goto('/');
  const all = await tabUntil(page, () => false);
  expect([...new Set(all.filter((f) => f.inDoors).map((f) => f.path))]).toEqual(AUDIENCE_DOORS);
  expect(all.map((f) => f.path)).toContain('/get-help/');

  await page.goto('/');
  const toHelp = await tabUntil(page, (path) => path === '/get-help/');
  expect(toHelp.at(-1)?.path).toBe('/get-help/');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/get-help\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Get help');
});

test('a focused link shows a visible focus indicator', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const style = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const s = getComputedStyle(el);
    return { tag: el.tagName, outline: s.outlineStyle, shadow: s.boxShadow };
  });
  expect(style.tag).toBe('A');
  expect(style.outline !== 'none' || style.shadow !== 'none', JSON.stringify(style)).toBe(true);
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`Who should I contact? (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    test.use({ javaScriptEnabled });

    test('someone in danger now is sent to 999', async ({ page }) => {
      await page.goto('/get-help/');
      const finder = page.locator('.finder');
      await finder.getByRole('link', { name: 'Yes, someone is in danger now', exact: true }).click();
      await expect(page).toHaveURL(/#result-emergency$/);
      const result = page.locator('#result-emergency');
      await expect(result.getByRole('heading', { name: 'Call 999 now' })).toBeVisible();
      await expect(result.getByRole('link', { name: 'Call 999' })).toHaveAttribute('href', 'tel:999');
      await expect(page.locator('#q-danger')).toBeHidden();
    });

    test('an under-18 with an online worry is sent to CEOP and Childline', async ({ page }) => {
      await page.goto('/get-help/');
      const finder = page.locator('.finder');
      await finder.getByRole('link', { name: 'No, not right now', exact: true }).click();
      await expect(page.locator('#q-age')).toBeVisible();
      await finder.getByRole('link', { name: 'Under 18', exact: true }).click();
      await finder.getByRole('link', { name: 'Yes, online or pictures', exact: true }).click();
      const result = page.locator('#result-young-online');
      await expect(result).toBeVisible();
      await expect(result.getByRole('link', { name: 'Report online to CEOP Safety Centre' })).toHaveAttribute(
        'href',
        'https://www.ceop.police.uk/Safety-Centre/',
      );
      await expect(result.getByRole('link', { name: 'Call 0800 1111' })).toHaveAttribute('href', 'tel:08001111');
      await result.getByRole('link', { name: 'Start again' }).click();
      await expect(page.locator('#q-danger')).toBeVisible();
    });
  });
}

test('get help lists every route urgent first and says where to find an unset local number', async ({ page }) => {
  await page.goto('/get-help/');
  const names = await page.locator('.contact-list').last().locator('.contact-card__name').allTextContents();
  expect(names[0]).toContain('999');
  expect(names[1]).toContain('101');
  for (const name of ['Childline', 'NSPCC Helpline', 'CEOP Safety Centre', 'Crimestoppers', 'Report Remove']) {
    expect(names.join('|')).toContain(name);
  }
  const all = page.locator('.contact-list').last();
  for (const tel of ['tel:999', 'tel:101', 'tel:08001111', 'tel:08088005000', 'tel:0800555111']) {
    await expect(all.locator(`a[href="${tel}"]`)).toHaveCount(1);
  }
  await expect(all).toContainText('publishes the phone number on its website');
  await expect(all.locator('.contact-card', { hasText: 'Crimestoppers' })).toContainText('Anonymous');
  const nspcc = all.locator('.contact-card', { hasText: 'NSPCC Helpline' });
  await expect(nspcc).toContainText('Anonymous');
  await expect(nspcc).toContainText('You do not have to give your name');
});

test('an adult who wants to stay anonymous is offered the NSPCC Helpline as well as Crimestoppers', async ({
  page,
}) => {
  await page.goto('/get-help/#result-anonymous');
  const result = page.locator('#result-anonymous');
  await expect(result.getByRole('link', { name: 'Call 0808 800 5000' })).toHaveAttribute('href', 'tel:08088005000');
  await expect(result.getByRole('link', { name: 'Call 0800 555 111' })).toHaveAttribute('href', 'tel:0800555111');
  await expect(result).toContainText('You do not have to give your name to the NSPCC Helpline');
});

for (const path of [
  '/',
  '/get-help/',
  '/get-help/#result-adult-online',
  '/search/',
  '/taxi-drivers/',
  '/no-such-page/',
]) {
  test(`no accessibility violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await expectNoAxeViolations(page);
  });
}

test('taxi drivers see the requirement, the deadline and how to complete it', async ({ page }) => {
  await page.goto('/taxi-drivers/');
  const main = page.getByRole('main');
  await expect(main).toContainText('by 1 September 2016');
  await expect(main).toContainText('13 April 2016');
  await expect(main).toContainText('before your first licence');
  await expect(main.getByRole('link', { name: 'Register' })).toHaveAttribute('href', '/register');
  await expect(main.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
  await expect(main.getByRole('link', { name: 'check a certificate' })).toHaveAttribute('href', '/verify/');
  await expect(main).toContainText('Face-to-face sessions count');
  // The report gives 683 as at July 2016, after the decision of 13 April 2016: never "before the decision".
  await expect(main).toContainText('By July 2016, 683 of the 1,757 licensed drivers (about 40%)');
  await expect(main).not.toContainText(/before the council.s decision/i);
});
