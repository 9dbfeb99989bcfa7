/**
 * Certificates end to end: a driver downloads only their own certificate,
 * and anyone can check a code on /verify/. Certificate rows are inserted
 * straight into the server's database with fixed dates, so valid, expired
 * and revoked do not depend on the day the tests run.
 */
import { expect, test, type APIResponse } from '@playwright/test';
import type Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoAxeViolations } from './support/a11y.ts';
import { e2eDb, insertDriver, insertUser, signInAs, uniqueBadge } from './support/db.ts';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function randomCode(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => ALPHABET[b & 31]).join('');
}

function grouped(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

interface Holder {
  userId: number;
  driverId: number;
  badge: string;
  name: string;
}

function driver(db: Database.Database, forenames: string, surname: string): Holder {
  const badge = uniqueBadge('C');
  const driverId = insertDriver(db, { badgeNumber: badge, forenames, surname, licenceType: 'hackney_carriage' });
  const userId = insertUser(db, { email: `${badge.toLowerCase()}@example.test`, role: 'driver', driverId });
  return { userId, driverId, badge, name: `${forenames} ${surname}` };
}

function certificate(
  db: Database.Database,
  holder: Holder,
  dates: { completedOn: string; expiresOn: string | null; revokedAt?: number | null; kind?: 'online' | 'face_to_face' },
): { id: number; code: string } {
  const code = randomCode();
  const result = db
    .prepare(
      `insert into certificates (code, kind, user_id, driver_id, holder_name, badge_number, licence_type, completed_on, expires_on, issued_at, revoked_at, revoked_reason)
       values (?, ?, ?, ?, ?, ?, 'hackney_carriage', ?, ?, ?, ?, ?)`,
    )
    .run(
      code,
      dates.kind ?? 'online',
      holder.userId,
      holder.driverId,
      holder.name,
      holder.badge,
      dates.completedOn,
      dates.expiresOn,
      Date.now(),
      dates.revokedAt ?? null,
      dates.revokedAt ? 'Do not show this reason' : null,
    );
  return { id: Number(result.lastInsertRowid), code };
}

function pdfText(body: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cert-e2e-'));
  try {
    writeFileSync(join(dir, 'c.pdf'), body);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function expectOnlyOwnCertificate(
  response: APIResponse,
  own: { code: string; name: string },
  other: { code: string; name: string },
) {
  if (response.status() === 404) return;
  expect(response.status()).toBe(200);
  const disposition = response.headers()['content-disposition'] ?? '';
  expect(disposition).toContain(grouped(own.code));
  expect(disposition).not.toContain(grouped(other.code));
  const text = pdfText(await response.body());
  expect(text).toContain(own.name);
  expect(text).not.toContain(other.name);
  expect(text).not.toContain(grouped(other.code));
}

test.describe('downloading a certificate', () => {
  test('a driver gets their own certificate and no URL or parameter reaches another driver’s', async ({
    context,
    baseURL,
  }) => {
    const db = e2eDb();
    const a = driver(db, 'Zoë', 'Ó Súilleabháin-Łukasiewicz');
    const b = driver(db, 'Brian', 'Oyelaran');
    const certA = certificate(db, a, { completedOn: '2016-08-20', expiresOn: '2099-08-20' });
    const certB = certificate(db, b, { completedOn: '2016-08-21', expiresOn: '2099-08-21' });
    await signInAs(context, db, b.userId, baseURL!);

    const response = await context.request.get('/training/certificate.pdf');
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers['content-type']).toBe('application/pdf');
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['content-disposition']).toMatch(
      /^attachment; filename="?cse-certificate-Brian-Oyelaran-[A-Z0-9-]+\.pdf"?; filename\*=UTF-8''CSE%20certificate%20Brian%20Oyelaran%20/,
    );
    const body = await response.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(body)).toContain(grouped(certB.code));

    const own = { code: certB.code, name: b.name };
    const other = { code: certA.code, name: a.name };
    for (const path of [
      `/training/certificate.pdf?id=${certA.id}`,
      `/training/certificate.pdf?code=${certA.code}`,
      `/training/certificate.pdf?code=${grouped(certA.code)}`,
      `/training/certificate.pdf?userId=${a.userId}&driverId=${a.driverId}`,
      `/training/certificate.pdf/${certA.code}`,
      `/training/certificate.pdf/${certA.id}`,
      `/training/certificate.pdf?user=${a.userId}`,
    ]) {
      await expectOnlyOwnCertificate(await context.request.get(path), own, other);
    }
    db.close();
  });

  test('signed-out requests are sent to sign in', async ({ request }) => {
    const response = await request.get('/training/certificate.pdf', { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers()['location']).toBe('/login?next=%2Ftraining%2Fcertificate.pdf');
  });

  test('a driver with no certificate, or only a revoked one, gets a page saying so instead of a PDF', async ({
    context,
    page,
    baseURL,
  }) => {
    const db = e2eDb();
    const holder = driver(db, 'Priya', 'Shah');
    await signInAs(context, db, holder.userId, baseURL!);
    const none = await page.goto('/training/certificate.pdf');
    expect(none?.status()).toBe(404);
    expect(none?.headers()['content-type']).toContain('text/html');
    expect(none?.headers()['cache-control']).toBe('no-store');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have a certificate yet');
    await expect(page.getByRole('link', { name: 'Go to your training' })).toHaveAttribute('href', '/training/');
    await expectNoAxeViolations(page);

    certificate(db, holder, { completedOn: '2016-08-20', expiresOn: '2099-08-20', revokedAt: Date.now() });
    const revoked = await context.request.get('/training/certificate.pdf');
    expect(revoked.status()).toBe(404);
    expect(revoked.headers()['content-type']).not.toContain('pdf');
    db.close();
  });
});

test.describe('checking a certificate', () => {
  test('the form takes a lower-case code without dashes to its result page', async ({ page }) => {
    const db = e2eDb();
    const cert = certificate(db, driver(db, 'Zoë', 'Ó Súilleabháin-Łukasiewicz'), {
      completedOn: '2016-08-20',
      expiresOn: '2099-08-20',
    });
    db.close();

    await page.goto('/verify/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check a certificate');
    await expectNoAxeViolations(page);
    await page.getByLabel('Certificate code').fill(cert.code.toLowerCase());
    await page.getByLabel('Certificate code').press('Enter');
    await expect(page).toHaveURL(`/verify/${grouped(cert.code)}`);
    await expect(page.locator('main')).toContainText('Valid');
    await expect(page.locator('main')).toContainText('Zoë Ó Súilleabháin-Łukasiewicz');

    await page.goto('/verify/');
    await page.getByLabel('Certificate code').fill(` ${grouped(cert.code).toLowerCase().replaceAll('-', ' ')} `);
    await page.getByRole('button', { name: 'Check certificate' }).click();
    await expect(page).toHaveURL(`/verify/${grouped(cert.code)}`);
  });

  test('the form explains a code that cannot be right', async ({ page }) => {
    await page.goto('/verify/');
    await page.getByLabel('Certificate code').fill('K7QF-3MXD-9TP0');
    await page.getByRole('button', { name: 'Check certificate' }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByRole('alert')).toContainText('There is a problem');
    await expect(page.getByText('12 letters and numbers, like K7QF-3MXD-9TPA').first()).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('alert').getByRole('link').click();
    await expect(page.getByLabel('Certificate code')).toBeFocused();
  });

  test('shows valid, expired and revoked with the details to compare, and not found', async ({ page }) => {
    const db = e2eDb();
    const holder = driver(db, 'Daniel', 'Ferreira');
    const valid = certificate(db, holder, { completedOn: '2016-08-20', expiresOn: '2099-08-20' });
    const expired = certificate(db, holder, {
      completedOn: '2016-08-20',
      expiresOn: '2019-08-20',
      kind: 'face_to_face',
    });
    const revoked = certificate(db, holder, {
      completedOn: '2016-08-20',
      expiresOn: '2099-08-20',
      revokedAt: Date.parse('2017-02-03T10:00:00Z'),
    });
    db.close();

    const response = await page.goto(`/verify/${grouped(valid.code)}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('no-store');
    const main = page.locator('main');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Certificate ${grouped(valid.code)}`);
    await expect(main).toContainText('This certificate is valid');
    await expect(main).toContainText('Daniel Ferreira');
    await expect(main).toContainText(holder.badge);
    await expect(main).toContainText('Online course and assessment');
    await expect(main).toContainText('20 August 2016');
    await expect(main).toContainText('20 August 2099');
    await expectNoAxeViolations(page);

    await page.goto(`/verify/${expired.code.toLowerCase()}`);
    await expect(page).toHaveURL(`/verify/${grouped(expired.code)}`);
    await expect(main).toContainText('This certificate expired on 20 August 2019');
    await expect(main).toContainText('Face-to-face training session');

    await page.goto(`/verify/${grouped(revoked.code)}`);
    await expect(main).toContainText('This certificate was revoked on 3 February 2017');
    await expect(main).not.toContainText('Do not show this reason');
    await expectNoAxeViolations(page);

    const missing = await page.goto(`/verify/${grouped(randomCode())}`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('No certificate has this code');
    await expectNoAxeViolations(page);
  });

  test('every check is logged by outcome only', async ({ request }) => {
    const db = e2eDb();
    const before = (db.prepare('select coalesce(max(id), 0) as n from verification_log').get() as { n: number }).n;
    await request.get(`/verify/${grouped(randomCode())}`);
    const rows = db.prepare('select * from verification_log where id > ? order by id').all(before) as Array<
      Record<string, unknown>
    >;
    db.close();
    expect(rows.map((r) => r.outcome)).toEqual(['not_found']);
    expect(Object.keys(rows[0]!).sort()).toEqual(['at', 'id', 'outcome']);
  });
});
