import { expect, test } from '@playwright/test';
import type Database from 'better-sqlite3';
import { hashPassword } from '../../src/lib/auth/password.ts';
import { e2eDb, insertDriver, insertUser, signInAs, uniqueBadge } from './support/db.ts';
import { OFF_SITE_NEXT } from './support/redirect-payloads.ts';

const PASSWORD = 'harbour violet teapot';
let db: Database.Database;
test.beforeAll(() => {
  db = e2eDb();
});
test.afterAll(() => db.close());

async function driverAccount(): Promise<{ email: string; userId: number }> {
  const badge = uniqueBadge('R');
  const email = `redirect.${badge.toLowerCase()}@example.test`;
  const driverId = insertDriver(db, { badgeNumber: badge, surname: 'Okafor', forenames: 'Ade' });
  return { email, userId: insertUser(db, { email, passwordHash: await hashPassword(PASSWORD), driverId }) };
}

/** Where a browser would go after following the answer's Location header from the sign-in page. */
function landing(location: string | undefined, baseURL: string): URL {
  return new URL(location ?? '', new URL('/login', baseURL));
}

test.describe('after sign-in, next never leaves the site', () => {
  test('on POST: each payload lands on this site', async ({ playwright, baseURL }) => {
    const { email } = await driverAccount();
    const origin = new URL(baseURL!).origin;
    for (const next of OFF_SITE_NEXT) {
      const request = await playwright.request.newContext({ baseURL });
      const response = await request.post(`/login?next=${encodeURIComponent(next)}`, {
        form: { email, password: PASSWORD },
        headers: { Origin: origin },
        maxRedirects: 0,
      });
      expect(response.status(), next).toBe(303);
      const to = landing(response.headers().location, baseURL!);
      expect(to.origin, `${next} -> ${response.headers().location}`).toBe(origin);
      expect(to.pathname).toBe('/training/');
      await request.dispose();
    }
  });

  test('on GET when already signed in: each payload lands on this site', async ({ page, context, baseURL }) => {
    const { userId } = await driverAccount();
    await signInAs(context, db, userId, baseURL!);
    const origin = new URL(baseURL!).origin;
    for (const next of OFF_SITE_NEXT) {
      const response = await page.request.get(`/login?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
      expect(response.status(), next).toBe(303);
      const to = landing(response.headers().location, baseURL!);
      expect(to.origin, `${next} -> ${response.headers().location}`).toBe(origin);
      expect(to.pathname).toBe('/training/');
    }
    const kept = await page.request.get(`/login?next=${encodeURIComponent('/account?tab=1')}`, { maxRedirects: 0 });
    expect(kept.headers().location).toBe('/account?tab=1');
  });
});
