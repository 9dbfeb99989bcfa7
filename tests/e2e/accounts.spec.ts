import { expect, test, type Browser, type Page } from '@playwright/test';
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { hashPassword } from '../../src/lib/auth/password.ts';
import { newestOutboxMessage } from '../../src/lib/mail.ts';
import { expectNoAxeViolations } from './support/a11y.ts';
import { driverOnRegister, e2eDb, insertDriver, insertUser, signInAs, uniqueBadge } from './support/db.ts';
import {
  confirmByEmail,
  confirmationLink,
  fillRegistration,
  outboxDir as outbox,
  PASSWORD,
} from './support/registration.ts';

const NO_MATCH = 'We could not match those details to the licensing register';
const ALREADY = 'An account already exists for this badge number. Sign in or reset your password';

let db: Database.Database;
test.beforeAll(() => {
  db = e2eDb();
});
test.afterAll(() => db.close());

function uniqueEmail(label: string): string {
  return `${label}.${uniqueBadge('e').toLowerCase()}@example.test`;
}

/** Users that an attempt could have created: with this e-mail, or linked to this register row. */
function usersFor(email: string, driverId: number | null = null): number {
  const row = db.prepare('select count(*) as n from users where email = ? or driver_id = ?').get(email, driverId) as {
    n: number;
  };
  return row.n;
}

/** A driver with a password, made directly in the database. */
async function driverAccount(email: string, password = PASSWORD): Promise<number> {
  const driverId = insertDriver(db, { badgeNumber: uniqueBadge(), surname: 'Ahmed', forenames: 'Samir' });
  return insertUser(db, { email, passwordHash: await hashPassword(password), driverId });
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signedInPage(browser: Browser, email: string, password = PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, password);
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
  return page;
}

test.describe('registration', () => {
  test('a driver on the register creates an account with the e-mailed link, is signed in and sent to the course', async ({
    page,
  }) => {
    const { badge, driverId } = driverOnRegister(db, {
      surname: "O'Neill",
      forenames: 'Aoife',
      dateOfBirth: '1980-05-17',
    });
    const email = uniqueEmail('Register');
    await page.goto('/register');
    await expectNoAxeViolations(page);
    await fillRegistration(page, {
      badge: `  ${badge.toLowerCase()} `,
      surname: "o'neill",
      dateOfBirth: '17/05/1980',
      email,
    });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
    expect(usersFor(email, driverId)).toBe(0);
    await page.goto(await confirmationLink(email));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your account');
    await expect(page.getByRole('main')).toContainText('Confirm to create your account and start the training.');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect(page).toHaveURL(/\/training\/$/);
    const user = db
      .prepare('select email, driver_id, is_applicant, password_hash from users where driver_id = ?')
      .get(driverId) as Record<string, unknown>;
    expect(user).toMatchObject({ email: email.toLowerCase(), is_applicant: 0 });
    expect(String(user.password_hash)).toContain('$argon2id$');
    await page.goto('/account');
    await expect(page.getByText(badge, { exact: true })).toBeVisible();
  });

  test('wrong surname, unknown badge, wrong date of birth and a badge with an account are refused and create nothing', async ({
    page,
  }) => {
    // Seven form posts, an e-mailed link and a second browser.
    test.setTimeout(120_000);
    const { badge, driverId } = driverOnRegister(db, {
      surname: 'Kowalski',
      forenames: 'Jan',
      dateOfBirth: '1975-01-02',
    });
    const email = uniqueEmail('refused');
    const before = usersFor(email, driverId);

    await page.goto('/register');
    await fillRegistration(page, { badge, surname: 'Kowalsky', dateOfBirth: '02/01/1975', email });
    await expect(page.locator('.error-summary')).toContainText(NO_MATCH);
    await expect(page.locator('.error-summary')).toBeFocused();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByLabel('Badge number')).toHaveValue(badge);
    await expect(page.getByLabel('Email')).toHaveValue(email);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    expect(usersFor(email, driverId)).toBe(before);
    await expectNoAxeViolations(page);

    await fillRegistration(page, {
      badge: uniqueBadge('NOSUCH'),
      surname: 'Kowalski',
      dateOfBirth: '02/01/1975',
      email,
    });
    await expect(page.locator('.error-summary')).toContainText(NO_MATCH);
    expect(usersFor(email, driverId)).toBe(before);

    // The register holds a date of birth, so it must be given and match.
    await fillRegistration(page, { badge, surname: 'Kowalski', email });
    await expect(page.locator('.error-summary')).toContainText(NO_MATCH);
    await fillRegistration(page, { badge, surname: 'Kowalski', dateOfBirth: '03/01/1975', email });
    await expect(page.locator('.error-summary')).toContainText(NO_MATCH);
    expect(usersFor(email, driverId)).toBe(before);

    await fillRegistration(page, { badge, surname: 'Kowalski', dateOfBirth: '1975-01-02', email });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
    await confirmByEmail(page, email);
    await expect(page).toHaveURL(/\/training\/$/);
    expect(usersFor(email, driverId)).toBe(before + 1);

    const second = await (await page.context().browser()!.newContext()).newPage();
    const otherEmail = uniqueEmail('second');
    await second.goto('/register');
    await fillRegistration(second, { badge, surname: 'Kowalski', dateOfBirth: '02/01/1975', email: otherEmail });
    await expect(second.locator('.error-summary')).toContainText(ALREADY);
    expect(usersFor(otherEmail, driverId)).toBe(1);
    await second.context().close();
  });

  test('the form shows the password rules and applies them', async ({ page }) => {
    const { badge, driverId } = driverOnRegister(db, { surname: 'Patel', forenames: 'Ravi' });
    const email = uniqueEmail('rules');
    await page.goto('/register');
    const hint = page.locator('#password-hint');
    await expect(hint).toContainText('at least 15 characters');
    await expect(hint).toContainText('Three random words');
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-describedby', /password-hint/);

    await fillRegistration(page, { badge, surname: 'Patel', email, password: 'fourteen chars' });
    await expect(page.locator('#password-error')).toContainText('Password must be 15 characters or more');
    await fillRegistration(page, { badge, surname: 'Patel', email, password: 'passwordpassword' });
    await expect(page.locator('#password-error')).toContainText('too common');
    await fillRegistration(page, { badge, surname: 'Patel', email, password: PASSWORD, confirm: `${PASSWORD}!` });
    await expect(page.locator('#confirmPassword-error')).toContainText('do not match');
    expect(usersFor(email, driverId)).toBe(0);
    await expectNoAxeViolations(page);
  });

  test('an applicant without a badge number creates an applicant account', async ({ page }) => {
    const email = uniqueEmail('applicant');
    await page.goto('/register');
    await page.getByRole('link', { name: 'Create an applicant account' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create an applicant account');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('.error-summary')).toContainText('Enter your first names');
    await expect(page.locator('.error-summary')).toContainText('Enter your date of birth');
    await expectNoAxeViolations(page);
    await fillRegistration(page, { forenames: 'Maria', surname: 'Silva', dateOfBirth: '1990-11-30', email });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
    await expectNoAxeViolations(page);
    expect(usersFor(email)).toBe(0);
    const link = await confirmationLink(email);
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your account');
    await expectNoAxeViolations(page);
    expect(usersFor(email)).toBe(0);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect(page).toHaveURL(/\/training\/$/);
    const user = db.prepare('select driver_id, is_applicant, date_of_birth from users where email = ?').get(email);
    expect(user).toEqual({ driver_id: null, is_applicant: 1, date_of_birth: '1990-11-30' });
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link has expired or been used');
  });

  test('applying with an address that already has an account answers as a new one would', async ({ page }) => {
    const taken = uniqueEmail('taken');
    await driverAccount(taken);
    const fresh = uniqueEmail('fresh');
    const answers: { url: string; heading: string | null }[] = [];
    for (const email of [taken, fresh]) {
      await page.goto('/register?applicant=1');
      await page.getByLabel('First names').fill('Eve');
      await page.getByLabel('Surname').fill('Probe');
      await page.getByLabel('Date of birth').fill('1990-11-30');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Confirm password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      answers.push({ url: page.url(), heading: await page.getByRole('heading', { level: 1 }).textContent() });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.heading).toBe('Check your email');
    await expect.poll(() => newestOutboxMessage(outbox(), taken)).toBeDefined();
    expect(newestOutboxMessage(outbox(), taken)!.subject).toMatch(/already have/);
    await expect.poll(() => newestOutboxMessage(outbox(), fresh)?.subject).toMatch(/Confirm/);
  });

  test('a driver registering with an address that already has an account gets the answer a new one would', async ({
    page,
    request,
    baseURL,
  }) => {
    const taken = uniqueEmail('drivertaken');
    const ownerId = await driverAccount(taken);
    const fresh = uniqueEmail('driverfresh');
    const { badge, driverId } = driverOnRegister(db, { surname: 'Byrne', forenames: 'Niamh' });
    const form = (email: string) => ({
      badgeNumber: badge,
      surname: 'Byrne',
      dateOfBirth: '',
      email,
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    const answers = [];
    for (const email of [taken, fresh]) {
      const response = await request.post('/register', {
        form: form(email),
        headers: { Origin: new URL(baseURL!).origin },
        maxRedirects: 0,
      });
      answers.push({
        status: response.status(),
        location: response.headers()['location'],
        cookies: response.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie'),
      });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toEqual({ status: 303, location: '/register?sent=1', cookies: [] });
    // What the browser shows after following that answer, word for word.
    const shown = [];
    for (const email of [taken, fresh]) {
      await page.goto('/register');
      await fillRegistration(page, { badge, surname: 'Byrne', email });
      shown.push({ url: page.url(), text: await page.getByRole('main').innerText() });
    }
    expect(shown[0]).toEqual(shown[1]);
    expect(shown[0]!.text).toContain('Check your email');

    await expect.poll(() => newestOutboxMessage(outbox(), taken)?.subject).toMatch(/already have/);
    expect(newestOutboxMessage(outbox(), taken)!.text).not.toContain('/register/confirm/');
    await confirmationLink(fresh);
    // The owner's account is untouched and the badge is still free: nothing exists before a link is used.
    expect(db.prepare('select id, driver_id, claimed_driver_id from users where email = ?').all(taken)).toEqual([
      { id: ownerId, driver_id: expect.any(Number), claimed_driver_id: null },
    ]);
    expect(usersFor(fresh, driverId)).toBe(0);
    expect(db.prepare('select count(*) from users where claimed_driver_id = ?').pluck().get(driverId)).toBe(0);
  });

  test('a driver’s badge is claimed only when the e-mailed link is used, and the link works once', async ({ page }) => {
    const { badge, driverId } = driverOnRegister(db, { surname: 'Singh', forenames: 'Harjit' });
    const registerEmail = uniqueEmail('register');
    db.prepare('update drivers set email = ? where id = ?').run(registerEmail, driverId);
    const email = uniqueEmail('claimant');
    await page.goto('/register');
    await fillRegistration(page, { badge, surname: 'Singh', email });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
    const link = await confirmationLink(email);
    expect(usersFor(email, driverId)).toBe(0);
    expect(db.prepare('select count(*) from users where claimed_driver_id = ?').pluck().get(driverId)).toBe(0);
    expect(newestOutboxMessage(outbox(), registerEmail)).toBeUndefined();

    const opened = await page.goto(link);
    expect(opened?.headers()['referrer-policy']).toBe('no-referrer');
    expect(usersFor(email, driverId)).toBe(0);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect(page).toHaveURL(/\/training\/$/);
    await expect(page.locator('#claim-waiting')).toContainText(
      `Your account is waiting to be linked to badge ${badge}`,
    );
    expect(db.prepare('select driver_id, claimed_driver_id from users where email = ?').get(email)).toEqual({
      driver_id: null,
      claimed_driver_id: driverId,
    });
    await expect.poll(() => newestOutboxMessage(outbox(), registerEmail)?.text).toContain('/register/claim/');

    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link has expired or been used');
    expect(db.prepare('select count(*) from users where email = ?').pluck().get(email)).toBe(1);
  });
});

test.describe('sign in and out', () => {
  test('a wrong password gets exactly the same message as an unknown email', async ({ page }) => {
    const email = uniqueEmail('login');
    await driverAccount(email);
    await signIn(page, email, 'wrong horse battery');
    const wrongPassword = await page.locator('.error-summary').innerText();
    await expect(page.getByLabel('Email')).toHaveValue(email);
    await expect(page.getByLabel('Password')).toHaveValue('');
    await expectNoAxeViolations(page);
    await signIn(page, uniqueEmail('nobody'), 'wrong horse battery');
    expect(await page.locator('.error-summary').innerText()).toBe(wrongPassword);
    expect(wrongPassword).toContain('Enter a correct email address and password');
  });

  test('sign-in is keyboard operable, returns to the page asked for, and refuses off-site next links', async ({
    page,
  }) => {
    const email = uniqueEmail('next');
    await driverAccount(email);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Email').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/account$/);
    await expectNoAxeViolations(page);

    const other = await (await page.context().browser()!.newContext()).newPage();
    await other.goto('/login?next=//evil.example/phish');
    await other.getByLabel('Email').fill(email);
    await other.getByLabel('Password').fill(PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other).toHaveURL(/127\.0\.0\.1:\d+\/training\/$/);
    await other.context().close();
  });

  test('signing in replaces the session the browser had', async ({ page, context, baseURL }) => {
    const email = uniqueEmail('fixation');
    const userId = await driverAccount(email);
    const planted = await signInAs(context, db, userId, baseURL!);
    const response = await page.request.post('/login', {
      form: { email, password: PASSWORD },
      headers: { Origin: new URL(baseURL!).origin },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    const cookie = (await context.cookies()).find((c) => c.name === 'session');
    expect(cookie?.value).toBeTruthy();
    expect(cookie?.value).not.toBe(planted);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const row = db.prepare('select count(*) as n from sessions where id = ?').get(planted.split('.')[0]) as {
      n: number;
    };
    expect(row.n).toBe(0);
  });

  test('Sign out ends the server session: the old cookie no longer works', async ({ page, context, baseURL }) => {
    const email = uniqueEmail('logout');
    await driverAccount(email);
    await signIn(page, email);
    await page.goto('/account');
    const old = (await context.cookies()).find((c) => c.name === 'session');
    expect(old).toBeDefined();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login\?signed-out=1$/);
    await expect(page.getByRole('status')).toHaveText('You have signed out.');
    await expectNoAxeViolations(page);

    await context.addCookies([{ name: 'session', value: old!.value, url: baseURL!, httpOnly: true, sameSite: 'Lax' }]);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
    // Pressing Sign out again with the dead session (e.g. a second tab) lands on the signed-out page, not an error.
    await page.goto('/login');
    const again = await page.request.post('/logout', { headers: { Origin: baseURL! }, maxRedirects: 0 });
    expect(again.status()).toBe(303);
    expect(again.headers()['location']).toBe('/login?signed-out=1');
  });

  test('posts without an Origin or from another site are refused', async ({ request, page }) => {
    const form = { email: 'someone@example.test', password: PASSWORD };
    expect((await request.post('/login', { form })).status()).toBe(403);
    expect((await request.post('/login', { form, headers: { Origin: 'https://evil.example' } })).status()).toBe(403);
    expect((await request.post('/register', { form, headers: { Origin: 'null' } })).status()).toBe(403);
    expect((await request.post('/logout', { headers: { Origin: 'https://evil.example' } })).status()).toBe(403);
    expect(
      (await request.post('/password-reset', { form, headers: { Origin: 'https://evil.example' } })).status(),
    ).toBe(403);
    await page.goto('/login');
    const own = new URL(page.url()).origin;
    expect((await request.post('/login', { form, headers: { Origin: own } })).status()).toBe(401);
  });
});

test.describe('account', () => {
  test('changing the password needs the current one and signs out other devices', async ({ browser }) => {
    const email = uniqueEmail('change');
    await driverAccount(email);
    const here = await signedInPage(browser, email);
    const elsewhere = await signedInPage(browser, email);
    await expectNoAxeViolations(here);

    await here.getByLabel('Current password').fill('not my password at all');
    await here.getByLabel('New password', { exact: true }).fill('lemon granite bicycle');
    await here.getByLabel('Confirm new password').fill('lemon granite bicycle');
    await here.getByRole('button', { name: 'Change password' }).click();
    await expect(here.locator('#currentPassword-error')).toContainText('Your current password is not correct');
    await expectNoAxeViolations(here);

    await here.getByLabel('Current password').fill(PASSWORD);
    await here.getByLabel('New password', { exact: true }).fill('lemon granite bicycle');
    await here.getByLabel('Confirm new password').fill('lemon granite bicycle');
    await here.getByRole('button', { name: 'Change password' }).click();
    await expect(here.getByRole('status')).toContainText('Your password has been changed');

    await elsewhere.goto('/account');
    await expect(elsewhere).toHaveURL(/\/login\?next=%2Faccount$/);
    await here.goto('/account');
    await expect(here).toHaveURL(/\/account$/);
    await signIn(elsewhere, email, 'lemon granite bicycle');
    await expect(elsewhere).toHaveURL(/\/training\/$/);
    await here.context().close();
    await elsewhere.context().close();
  });
});

test.describe('password reset', () => {
  test('the e-mailed link works once, sets the password, signs out every session and forgets every browser', async ({
    page,
    browser,
  }) => {
    // Four sign-ins and a reset, each hashing a password.
    test.setTimeout(120_000);
    const email = uniqueEmail('reset');
    const userId = await driverAccount(email);
    const elsewhere = await signedInPage(browser, email);
    // This browser signed in before too, so it holds a device cookie (it lets a known browser past strangers' guesses).
    await signIn(page, email);
    await expect(page).toHaveURL(/\/training\/$/);
    await page.context().clearCookies({ name: 'session' });
    expect((await page.context().cookies()).map((c) => c.name)).toContain('device');

    await page.goto('/password-reset');
    await expectNoAxeViolations(page);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status')).toContainText(
      'If an account exists for that email address, we have sent a link',
    );
    await expectNoAxeViolations(page);

    await expect.poll(() => newestOutboxMessage(outbox(), email)).toBeDefined();
    const message = newestOutboxMessage(outbox(), email)!;
    expect(message.subject).toContain('Reset your');
    const link = /https?:\/\/\S+\/password-reset\/([a-z2-7]+)/.exec(message.text);
    expect(link).not.toBeNull();
    const token = link![1]!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    // Only the SHA-256 of the token is stored, and it expires within an hour.
    const stored = db
      .prepare(
        "select expires_at - created_at as lifetime from one_time_tokens where purpose = 'password_reset' and token_hash = ?",
      )
      .get(createHash('sha256').update(token).digest('hex')) as { lifetime: number } | undefined;
    expect(stored?.lifetime).toBeLessThanOrEqual(60 * 60_000);
    const raw = db.prepare('select count(*) as n from one_time_tokens where token_hash like ?').get(`%${token}%`) as {
      n: number;
    };
    expect(raw.n).toBe(0);

    const response = await page.goto(`/password-reset/${token}`);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.locator('.error-summary')).toContainText('Enter a new password');
    await expectNoAxeViolations(page);
    await page.getByLabel('New password', { exact: true }).fill('copper meadow lantern');
    await page.getByLabel('Confirm new password').fill('copper meadow lantern');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page).toHaveURL(/\/login\?reset=1$/);
    await expect(page.getByRole('status')).toContainText('Your password has been changed');
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('device');
    expect(db.prepare('select count(*) from known_devices where user_id = ?').pluck().get(userId)).toBe(0);

    await elsewhere.goto('/account');
    await expect(elsewhere).toHaveURL(/\/login/);
    await elsewhere.context().close();

    await page.goto(`/password-reset/${token}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link has expired or been used');
    await expectNoAxeViolations(page);

    await signIn(page, email, PASSWORD);
    await expect(page.locator('.error-summary')).toBeVisible();
    await signIn(page, email, 'copper meadow lantern');
    await expect(page).toHaveURL(/\/training\/$/);
  });

  test('an unknown address gets the same answer and no e-mail', async ({ page }) => {
    const email = uniqueEmail('unknown');
    await page.goto('/password-reset');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.locator('.error-summary')).toContainText('Enter your email address');
    await expectNoAxeViolations(page);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status')).toContainText(
      'If an account exists for that email address, we have sent a link',
    );
    expect(newestOutboxMessage(outbox(), email)).toBeUndefined();
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('registering, signing out and signing in all work', async ({ page }) => {
    const { badge } = driverOnRegister(db, { surname: 'Evans', forenames: 'Gareth' });
    const email = uniqueEmail('nojs');
    await page.goto('/register');
    await fillRegistration(page, { badge, surname: 'Evans', email, password: 'short' });
    await expect(page.locator('#password-error')).toContainText('15 characters or more');
    await fillRegistration(page, { badge, surname: 'Evans', email });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your email');
    await confirmByEmail(page, email);
    await expect(page).toHaveURL(/\/training\/$/);
    await page.goto('/account');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login\?signed-out=1$/);
    await signIn(page, email);
    await expect(page).toHaveURL(/\/training\/$/);
  });
});
