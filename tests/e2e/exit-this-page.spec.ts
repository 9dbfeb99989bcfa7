import { expect, test, type Page } from '@playwright/test';
import { config } from '../../src/lib/config.ts';

const exitUrl = config.exitUrl;

/** Answers the exit site locally, so no real request leaves the machine. */
async function fakeExitSite(page: Page): Promise<void> {
  await page.route(`${exitUrl}**`, (r) => r.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' }));
}

/** Opens an earlier page, then the page to leave, so Back has somewhere to go. */
async function openAfter(page: Page, earlier: string, path: string): Promise<void> {
  await page.goto(earlier);
  await page.goto(path);
  await expect(page.locator('[data-exit-url]')).toHaveAttribute('data-exit-url', exitUrl);
}

test('the button leaves at once and Back does not return to the page', async ({ page }) => {
  await fakeExitSite(page);
  await openAfter(page, '/taxi-drivers/', '/get-help/');
  await page.getByRole('link', { name: 'Emergency Exit this page' }).click();
  await expect(page).toHaveTitle('Weather');
  expect(page.url()).toBe(exitUrl);
  await page.goBack();
  expect(new URL(page.url()).pathname).toBe('/taxi-drivers/');
});

test('Shift pressed three times leaves, and Back does not return to the page', async ({ page }) => {
  await fakeExitSite(page);
  await openAfter(page, '/taxi-drivers/', '/search/');
  await expect(page.getByText('Or press Shift 3 times')).toBeVisible();
  const status = page.locator('.exit-this-page [role="status"]');
  await page.keyboard.press('Shift');
  await expect(status).toHaveText('Shift, press 2 more times to exit.');
  await page.keyboard.press('Shift');
  await expect(status).toHaveText('Shift, press 1 more time to exit.');
  await page.keyboard.press('Shift');
  await expect(page).toHaveTitle('Weather');
  await page.goBack();
  expect(new URL(page.url()).pathname).toBe('/taxi-drivers/');
});

test('Shift used to type capitals, or broken up by another key, does not leave', async ({ page }) => {
  await fakeExitSite(page);
  await page.goto('/search/');
  await page.getByLabel('Search this site').focus();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.down('Shift');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Shift');
  }
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await page.keyboard.press('KeyB');
  await page.keyboard.press('Shift');
  await expect(page.getByLabel('Search this site')).toHaveValue('AAAb');
  await expect(page.locator('.exit-this-page [role="status"]')).toHaveText('Shift, press 2 more times to exit.');
  expect(new URL(page.url()).pathname).toBe('/search/');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the button is an ordinary link that still leaves, and the Shift hint is not offered', async ({ page }) => {
    await fakeExitSite(page);
    await page.goto('/get-help/');
    await expect(page.getByText('Or press Shift 3 times')).toBeHidden();
    await page.getByRole('link', { name: 'Emergency Exit this page' }).click();
    await expect(page).toHaveTitle('Weather');
  });
});
