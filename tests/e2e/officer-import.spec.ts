import { expect, test, type APIRequestContext, type BrowserContext, type Page, type Response } from '@playwright/test';
import { expectNoAxeViolations } from './support/a11y.ts';
import { e2eDb, insertDriver, insertUser, signInAs, uniqueBadge } from './support/db.ts';

const REGISTER_HEADER = 'badge_number,surname,forenames,licence_type,licence_expiry,date_of_birth,email';
const TYPES = ['private_hire', 'hackney_carriage', 'dual'];

function registerCsv(prefix: string, count: number): Buffer {
  const lines = [REGISTER_HEADER];
  for (let i = 1; i <= count; i += 1) {
    lines.push(
      `${prefix}${i},Surname${i},Forename${i},${TYPES[i % 3]},2030-0${(i % 9) + 1}-15,${i % 2 ? '1975-04-03' : ''},`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

function faceToFaceCsv(prefix: string, count: number): Buffer {
  const lines = ['badge_number,session_date,trainer,venue'];
  for (let i = 1; i <= count; i += 1)
    lines.push(`${prefix}${i},2016-0${(i % 6) + 1}-1${i % 10},A. Hepburn,Civic centre meeting room`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

function countDrivers(prefix: string): number {
  const db = e2eDb();
  try {
    return (
      db.prepare('select count(*) as n from drivers where badge_number like ?').get(`${prefix}%`) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

async function signInWithRole(context: BrowserContext, baseURL: string, role: 'officer' | 'driver'): Promise<number> {
  const db = e2eDb();
  try {
    const driverId =
      role === 'driver' ? insertDriver(db, { badgeNumber: uniqueBadge('D'), surname: 'Hall', forenames: 'Ian' }) : null;
    const userId = insertUser(db, { email: `${uniqueBadge(role).toLowerCase()}@example.org`, role, driverId });
    await signInAs(context, db, userId, baseURL);
    return userId;
  } finally {
    db.close();
  }
}

/** A test whose page belongs to a signed-in officer. */
const officerTest = test.extend({
  page: async ({ page, context, baseURL }, use) => {
    await signInWithRole(context, baseURL!, 'officer');
    await use(page);
  },
});

/** Uploads a file through the form, as an officer does, and returns the answer to the upload. */
async function upload(
  page: Page,
  kind: 'Licensing register' | 'Face-to-face attendance',
  name: string,
  buffer: Buffer,
): Promise<Response> {
  await page.goto('/officer/import/');
  await page.getByLabel(kind).check();
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Upload and check' }).click(),
  ]);
  return response;
}

/** The statuses of a register file posted straight to the upload and the apply address, not through the form. */
async function postDirectly(request: APIRequestContext, origin: string, buffer: Buffer): Promise<number[]> {
  const statuses: number[] = [];
  for (const path of ['/officer/import/', '/officer/import/apply']) {
    const post = await request.post(path, {
      headers: { Origin: origin },
      multipart: { kind: 'register', file: { name: 'r.csv', mimeType: 'text/csv', buffer } },
    });
    statuses.push(post.status());
  }
  return statuses;
}

function count(page: Page, which: 'new' | 'updated' | 'unchanged' | 'invalid') {
  return page.locator(`[data-count="${which}"]`);
}

officerTest(
  'an officer imports a 1,757-driver register and 683 face-to-face sessions; re-uploading changes nothing',
  async ({ page }) => {
    const prefix = uniqueBadge('R');
    const register = registerCsv(prefix, 1757);

    await page.goto('/officer/import/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import a CSV file');
    await expectNoAxeViolations(page);

    await upload(page, 'Licensing register', 'register.csv', register);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check the licensing register import');
    await expect(count(page, 'new')).toHaveText('1,757 rows');
    await expect(count(page, 'invalid')).toHaveText('0 rows');
    expect(countDrivers(prefix)).toBe(0);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Apply import' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Licensing register imported');
    await expect(page.getByRole('status')).toContainText('1,757 new, 0 updated and 0 unchanged');
    expect(countDrivers(prefix)).toBe(1757);

    await upload(page, 'Face-to-face attendance', 'attendance.csv', faceToFaceCsv(prefix, 683));
    await expect(count(page, 'new')).toHaveText('683 rows');
    await page.getByRole('button', { name: 'Apply import' }).click();
    await expect(page.getByRole('status')).toContainText('683 new, 0 updated and 0 unchanged');
    const db = e2eDb();
    try {
      const sessions = db
        .prepare(
          'select count(*) as n from face_to_face_sessions f join drivers d on d.id = f.driver_id where d.badge_number like ?',
        )
        .get(`${prefix}%`) as { n: number };
      expect(sessions.n).toBe(683);
      const audits = db
        .prepare(
          "select detail from audit_log where action in ('register_import', 'face_to_face_import') order by id desc limit 2",
        )
        .all() as { detail: string }[];
      expect(audits.map((a) => JSON.parse(a.detail))).toEqual([
        { new: 683, updated: 0, unchanged: 0 },
        { new: 1757, updated: 0, unchanged: 0 },
      ]);
    } finally {
      db.close();
    }

    await upload(page, 'Licensing register', 'register.csv', register);
    await expect(count(page, 'unchanged')).toHaveText('1,757 rows');
    await expect(count(page, 'new')).toHaveText('0 rows');
    await expect(count(page, 'updated')).toHaveText('0 rows');
    await expect(page.getByText('Every row already matches')).toBeVisible();
    const token = await page.locator('input[name="upload"]').inputValue();
    await page.getByRole('button', { name: 'Apply import' }).click();
    await expect(page.getByRole('status')).toContainText('0 new, 0 updated and 1,757 unchanged');
    expect(countDrivers(prefix)).toBe(1757);

    // The stored upload is deleted once applied: replaying the confirmation is refused, and the error summary
    // takes focus and leads to uploading the file again.
    const [replay] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.evaluate((upload) => {
        const form = Object.assign(document.createElement('form'), { method: 'post', action: '/officer/import/apply' });
        for (const [name, value] of Object.entries({ kind: 'register', upload })) {
          form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
        }
        document.body.append(form);
        form.submit();
      }, token),
    ]);
    expect(replay.status()).toBe(410);
    await expect(page).toHaveTitle(/^Error: The import was not applied/);
    await expect(page.getByRole('alert')).toContainText('already been applied or has expired');
    await expect(page.getByRole('alert')).toBeFocused();
    await expectNoAxeViolations(page);
    await page.getByRole('alert').getByRole('link').click();
    await expect(page.getByRole('link', { name: 'Import another file' })).toBeFocused();
  },
);

officerTest('with JavaScript, problems and refusals replace the form in place and pass axe', async ({ page }) => {
  const prefix = uniqueBadge('J');
  await upload(
    page,
    'Licensing register',
    'register.csv',
    Buffer.from(`${REGISTER_HEADER}\n${prefix}1,Hall,Ian,dual,2030-02-30,,\n`),
  );
  await expect(page.getByRole('alert')).toContainText('1 row has problems');
  await expect(page.getByRole('alert')).toBeFocused();
  await expect(page.getByRole('row', { name: /^2 licence_expiry/ })).toBeVisible();
  await expectNoAxeViolations(page);

  await upload(page, 'Licensing register', 'big.csv', Buffer.alloc(20 * 1024 * 1024, 'a'));
  await expect(page.getByRole('alert')).toContainText('The file is 20.0 MB; the limit is 5 MB');
  await expectNoAxeViolations(page);
  expect(countDrivers(prefix)).toBe(0);
});

test.describe('malformed uploads give a clear message and change nothing', () => {
  // The form must work without JavaScript; the progress script is exercised by the tests above (axe needs JavaScript, so it runs there).
  test.use({ javaScriptEnabled: false });

  const prefix = uniqueBadge('M');
  const header = REGISTER_HEADER;
  const cases: Array<{ name: string; body: () => Buffer; message: string | RegExp; status: number }> = [
    {
      name: 'missing column',
      body: () => Buffer.from(`badge_number,surname,forenames,licence_type\n${prefix}1,Hall,Ian,dual\n`),
      message: 'The header row has no "licence_expiry" column.',
      status: 422,
    },
    {
      name: 'bad date',
      body: () => Buffer.from(`${header}\n${prefix}1,Hall,Ian,dual,2030-02-30,,\n`),
      message: 'licence_expiry "2030-02-30" is not a real date written YYYY-MM-DD.',
      status: 422,
    },
    {
      name: 'unknown licence type',
      body: () => Buffer.from(`${header}\n${prefix}1,Hall,Ian,minicab,2030-01-01,,\n`),
      message: 'licence_type "minicab" is not one of hackney_carriage, private_hire, dual.',
      status: 422,
    },
    {
      name: 'duplicate badge',
      body: () =>
        Buffer.from(`${header}\n${prefix}1,Hall,Ian,dual,2030-01-01,,\n${prefix}1,Hall,Ian,dual,2030-01-01,,\n`),
      message: `badge_number ${prefix}1 is also on line 2.`,
      status: 422,
    },
    {
      name: 'a 20 MB file',
      body: () => Buffer.alloc(20 * 1024 * 1024, 'a'),
      message: /The file is 20\.0 MB; the limit is 5 MB/,
      status: 413,
    },
    {
      name: 'one-cell rows: checking stops after 100 problems (parsed off the request thread)',
      body: () => Buffer.from(`${header}\n${'a\n'.repeat(50_000)}`),
      message: 'Checking stopped after 100 problems',
      status: 422,
    },
    {
      name: 'more rows than one import takes',
      body: () => Buffer.from(`${header}\n${'a,b,c,d,e,f,g\n'.repeat(250_000)}`),
      message: 'more than 200,000 rows',
      status: 422,
    },
    {
      name: 'a binary file',
      body: () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]),
      message: /not a CSV file: it contains binary data/,
      status: 422,
    },
  ];

  for (const c of cases) {
    officerTest(c.name, async ({ page }) => {
      const response = await upload(page, 'Licensing register', 'register.csv', c.body());
      expect(response.status()).toBe(c.status);
      await expect(page.getByRole('main')).toContainText(c.message);
      await expect(page.getByRole('alert')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Apply import' })).toHaveCount(0);
      expect(countDrivers(prefix)).toBe(0);
      if (c.name === 'bad date') await expect(page.getByRole('row', { name: /^2 licence_expiry/ })).toBeVisible();
    });
  }

  officerTest('no file chosen', async ({ page }) => {
    await page.goto('/officer/import/');
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await expect(page.getByRole('alert')).toContainText('Select what the file holds');
    await page.getByRole('alert').getByRole('link').click();
    await expect(page.getByLabel('Licensing register')).toBeFocused();
  });
});

test.describe('only officers reach the import', () => {
  test('a signed-out visitor is sent to sign in, and a POST is refused', async ({ request }) => {
    const get = await request.get('/officer/import/', { maxRedirects: 0 });
    expect(get.status()).toBe(303);
    expect(get.headers().location).toMatch(/^\/login\?next=%2Fofficer%2Fimport%2F/);
    expect(await postDirectly(request, new URL(get.url()).origin, registerCsv('X', 1))).toEqual([401, 401]);
  });

  test('a driver gets 403 for the page and for a direct POST, and nothing is imported', async ({
    page,
    context,
    baseURL,
  }) => {
    await signInWithRole(context, baseURL!, 'driver');
    const prefix = uniqueBadge('P');
    const get = await page.goto('/officer/import/');
    expect(get?.status()).toBe(403);
    expect(await postDirectly(context.request, baseURL!, registerCsv(prefix, 2))).toEqual([403, 403]);
    expect(countDrivers(prefix)).toBe(0);
  });
});
