import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/a11y.ts';

test('home page shows the four audience doors and get help', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
  await expect(page.locator('h1')).toHaveCount(1);
  for (const name of ['Younger children', 'Young people', 'Parents and carers', 'Professionals']) {
    await expect(page.getByRole('main').getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: 'Find out who to contact' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('unknown paths get the helpful 404 page with status 404', async ({ page }) => {
  const response = await page.goto('/no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expectNoAxeViolations(page);
});

test('every response carries the security headers', async ({ request }) => {
  const response = await request.get('/');
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['set-cookie']).toBeUndefined();
});
