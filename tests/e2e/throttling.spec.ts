/**
 * Rate limits against a client that forges X-Forwarded-For (review F-1), and sign-in throttling that a
 * locked-out attacker cannot turn against the account's holder (review F-3). Each mode runs on its own server
 * and database, so spending the limits here never slows the shared e2e server's other specs.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { hashPassword } from '../../src/lib/auth/password.ts';
import { startFreshServer, type FreshServer } from './officer-support.ts';
import { insertUser } from './support/db.ts';

const PASSWORD = 'harbour violet teapot';
const now = () => new Date().toISOString();

async function addDriverAccount(server: FreshServer, email: string): Promise<void> {
  insertUser(server.db, { email, passwordHash: await hashPassword(PASSWORD) });
}

function signIn(request: APIRequestContext, server: FreshServer, email: string, password: string, forwarded?: string) {
  return request.post(`${server.baseURL}/login`, {
    form: { email, password },
    headers: { Origin: server.baseURL, ...(forwarded ? { 'X-Forwarded-For': forwarded } : {}) },
    maxRedirects: 0,
  });
}

/** The statuses of `count` requests made one after another by `send(i)`. */
async function statuses(count: number, send: (i: number) => Promise<{ status(): number }>): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i += 1) seen.push((await send(i)).status());
  return seen;
}

test.describe('without TRUST_PROXY', () => {
  let server: FreshServer;
  test.beforeAll(async () => {
    server = await startFreshServer(now(), { portOffset: 101 });
  });
  test.afterAll(() => {
    server?.db.close();
    server?.stop();
  });

  test('a new forged X-Forwarded-For on every request still gets 429: sign-in and verify', async ({ request }) => {
    test.setTimeout(120_000);
    const logins = await statuses(32, (i) =>
      signIn(request, server, `nobody${i}@example.test`, 'guess guess guess', `203.0.113.${i + 1}`),
    );
    expect(logins.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(logins.slice(30)).toEqual([429, 429]);
    const checks = await statuses(31, (i) =>
      request.get(`${server.baseURL}/verify/K7QF-3MXD-9TPA`, { headers: { 'X-Forwarded-For': `198.51.100.${i}` } }),
    );
    expect(checks.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(checks[30]).toBe(429);
  });
});

test.describe('with TRUST_PROXY=1 (one reverse proxy in front)', () => {
  let server: FreshServer;
  test.beforeAll(async () => {
    server = await startFreshServer(now(), { portOffset: 102, env: { TRUST_PROXY: '1' } });
  });
  test.afterAll(() => {
    server?.db.close();
    server?.stop();
  });

  test('forging the left-most X-Forwarded-For values still gets 429', async ({ request }) => {
    const checks = await statuses(31, (i) =>
      request.get(`${server.baseURL}/verify/K7QF-3MXD-9TPA`, {
        headers: { 'X-Forwarded-For': `10.9.${i}.1, 192.0.2.${i}, 203.0.113.77` },
      }),
    );
    expect(checks.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(checks[30]).toBe(429);
    // Another visitor behind the same proxy is not held back.
    const other = await request.get(`${server.baseURL}/verify/K7QF-3MXD-9TPA`, {
      headers: { 'X-Forwarded-For': '203.0.113.78' },
    });
    expect(other.status()).toBe(404);
  });

  test('a locked-out attacker does not stop the holder signing in from a browser they used before', async ({
    browser,
    request,
  }) => {
    test.setTimeout(120_000);
    const email = 'holder@example.test';
    await addDriverAccount(server, email);
    const holder = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.10' } });
    const page = await holder.newPage();
    const signInPage = async (password: string) => {
      await page.goto(`${server.baseURL}/login`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await signInPage(PASSWORD);
    await expect(page).toHaveURL(/\/training\/$/);
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The attacker guesses from a new address each time, until the account refuses strangers.
    const guesses = await statuses(12, (i) => signIn(request, server, email, 'guess guess guess', `203.0.113.${i}`));
    expect(guesses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(guesses.slice(10)).toEqual([429, 429]);
    expect((await signIn(request, server, email, PASSWORD, '203.0.113.99')).status()).toBe(429);

    // The holder's browser is known: the right password still works.
    await signInPage(PASSWORD);
    await expect(page).toHaveURL(/\/training\/$/);

    // A browser the account does not know waits, even with the right password (documented in sign-in.ts).
    const stranger = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.11' } });
    const other = await stranger.newPage();
    await other.goto(`${server.baseURL}/login`);
    await other.getByLabel('Email').fill(email);
    await other.getByLabel('Password').fill(PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other.getByRole('link', { name: /Too many attempts to sign in/ })).toBeVisible();
    await expect(other).toHaveURL(/\/login$/);
    await holder.close();
    await stranger.close();
  });
});
