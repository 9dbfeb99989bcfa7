import type { AstroCookies } from 'astro';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { auditLog, drivers, knownDevices, oneTimeTokens, pendingRegistrations, users } from '../../db/schema.ts';
import { setClock } from '../../src/lib/clock.ts';
import { config } from '../../src/lib/config.ts';
import { newestOutboxMessage } from '../../src/lib/mail.ts';
import { hashPassword } from '../../src/lib/auth/password.ts';
import { requestPasswordReset, resetPassword, resetTokenUser } from '../../src/lib/auth/password-reset.ts';
import { confirmRegistration, registerApplicant, registerDriver } from '../../src/lib/auth/registration.ts';
import { createSession, validateSessionToken } from '../../src/lib/auth/session.ts';
import {
  DEVICE_LIFETIME_MS,
  MAX_DEVICES_PER_USER,
  deviceToken,
  isKnownDevice,
  rememberDevice,
} from '../../src/lib/auth/device.ts';
import { changeOwnPassword } from '../../src/lib/auth/users.ts';
import { checkCredentials, forgetSignInFailures, safeNextPath } from '../../src/lib/auth/sign-in.ts';
import { auditActions } from './support/audit.ts';
import { confirmationTokenFor, registerDriverAndConfirm } from './support/registration.ts';

const PASSWORD = 'harbour violet teapot';
let db: Db;
let t: number;
let address = 0;
/** A fresh client address per test, so the module's rate limits never carry over. */
const nextAddress = () => `192.0.2.${++address}`;

function addDriver(badgeNumber: string, surname: string, dateOfBirth: string | null = null): number {
  return db
    .insert(drivers)
    .values({
      badgeNumber,
      surname,
      forenames: 'Sam',
      licenceType: 'private_hire',
      licenceExpiry: '2030-01-01',
      dateOfBirth,
      createdAt: t,
      updatedAt: t,
    })
    .returning({ id: drivers.id })
    .get().id;
}

/** A cookie jar standing in for Astro's, enough for the device cookie. */
function cookieJar(): AstroCookies {
  const values = new Map<string, string>();
  return {
    get: (name: string) => (values.has(name) ? { value: values.get(name)! } : undefined),
    set: (name: string, value: string) => values.set(name, value),
  } as unknown as AstroCookies;
}

async function addUser(email: string, role: 'driver' | 'officer' = 'driver'): Promise<number> {
  return db
    .insert(users)
    .values({ email, role, passwordHash: await hashPassword(PASSWORD), createdAt: t })
    .returning({ id: users.id })
    .get().id;
}

beforeEach(() => {
  db = memoryDb();
  useDb(db);
  t = Date.UTC(2016, 6, 1, 9, 0, 0);
  setClock(() => new Date(t));
  config.mail.outboxDir = mkdtempSync(join(tmpdir(), 'outbox-'));
});

afterEach(() => {
  setClock(null);
  useDb(null);
});

describe('registering a licensed driver', () => {
  it('matches badge and surname ignoring case and spaces, and links the register row', async () => {
    const driverId = addDriver('HC1234', 'McDonald', '1968-02-03');
    const result = await registerDriverAndConfirm(
      {
        badgeNumber: ' hc1234 ',
        surname: '  mcdonald ',
        dateOfBirth: '1968-02-03',
        email: 'sam@example.test',
        password: PASSWORD,
      },
      nextAddress(),
    );
    expect(result).toMatchObject({ ok: true, claim: 'linked' });
    const user = db.select().from(users).where(eq(users.driverId, driverId)).get();
    expect(user).toMatchObject({ email: 'sam@example.test', role: 'driver', isApplicant: false, surname: 'McDonald' });
    expect(auditActions(db)).toEqual(['account_registered']);
  });

  it('requires the date of birth when the register holds one, and gives one answer for every mismatch', async () => {
    addDriver('PH77', 'Nowak', '1970-03-04');
    const ip = nextAddress();
    const attempt = (over: Partial<Parameters<typeof registerDriver>[0]>) =>
      registerDriver(
        { badgeNumber: 'PH77', surname: 'Nowak', email: 'n@example.test', password: PASSWORD, ...over },
        ip,
      );
    expect(await attempt({})).toEqual({ ok: false, reason: 'no_match' });
    expect(await attempt({ dateOfBirth: '1970-04-03' })).toEqual({ ok: false, reason: 'no_match' });
    expect(await attempt({ surname: 'Nowack', dateOfBirth: '1970-03-04' })).toEqual({ ok: false, reason: 'no_match' });
    expect(await attempt({ badgeNumber: 'PH78', dateOfBirth: '1970-03-04' })).toEqual({
      ok: false,
      reason: 'no_match',
    });
    expect(db.select().from(users).all()).toHaveLength(0);
    expect((await attempt({ dateOfBirth: '1970-03-04' })).ok).toBe(true);
  });

  it('refuses a second account for a badge', async () => {
    const dateOfBirth = '1980-01-01';
    addDriver('D1', 'Ali', dateOfBirth);
    const ip = nextAddress();
    const details = { dateOfBirth, password: PASSWORD };
    expect(
      (await registerDriverAndConfirm({ badgeNumber: 'D1', surname: 'Ali', email: 'a@example.test', ...details }, ip))
        .ok,
    ).toBe(true);
    expect(
      await registerDriver({ badgeNumber: 'D1', surname: 'Ali', email: 'b@example.test', ...details }, ip),
    ).toEqual({ ok: false, reason: 'already_registered' });
    expect(db.select().from(users).all()).toHaveLength(1);
    expect(db.select().from(pendingRegistrations).all()).toEqual([]);
  });

  it('answers a driver whose address already has an account (an officer’s) exactly as a new one, and tells the owner', async () => {
    await addUser('officer@example.test', 'officer');
    addDriver('D2', 'Khan', '1980-01-01');
    const details = { badgeNumber: 'D2', surname: 'Khan', dateOfBirth: '1980-01-01', password: PASSWORD };
    const taken = await registerDriver({ ...details, email: 'Officer@Example.test' }, nextAddress());
    const fresh = await registerDriver({ ...details, email: 'fresh@example.test' }, nextAddress());
    expect(taken).toEqual(fresh);
    expect(taken).toEqual({ ok: true });
    await vi.waitFor(() => expect(newestOutboxMessage(config.mail.outboxDir, 'officer@example.test')).toBeDefined());
    const owner = newestOutboxMessage(config.mail.outboxDir, 'officer@example.test')!;
    expect(owner.subject).toMatch(/already have/);
    expect(owner.text).toContain('/password-reset');
    expect(owner.text).not.toMatch(/register\/confirm/);
    // Only the new address has a registration waiting for its link, and nothing touched the officer's account.
    expect(db.select({ email: pendingRegistrations.email }).from(pendingRegistrations).all()).toEqual([
      { email: 'fresh@example.test' },
    ]);
    expect(db.select().from(users).all()).toMatchObject([{ email: 'officer@example.test', role: 'officer' }]);
  });

  it('creates no account and claims no badge until the e-mailed link is used, and the link works once', async () => {
    const driverId = addDriver('PH9', 'Jones');
    db.update(drivers).set({ email: 'jones@register.example' }).where(eq(drivers.id, driverId)).run();
    const details = { badgeNumber: 'PH9', surname: 'Jones', email: 'jones@example.test', password: PASSWORD };
    expect(await registerDriver(details, nextAddress())).toEqual({ ok: true });
    const token = await confirmationTokenFor('jones@example.test');
    expect(db.select().from(users).all()).toEqual([]);
    expect(db.select().from(oneTimeTokens).all()).toEqual([]);
    expect(db.select().from(auditLog).all()).toEqual([]);
    expect(newestOutboxMessage(config.mail.outboxDir, 'jones@register.example')).toBeUndefined();
    // The stored registration holds only the token's hash.
    expect(JSON.stringify(db.select().from(pendingRegistrations).all())).not.toContain(token);

    const created = confirmRegistration(token);
    expect(created).toMatchObject({ ok: true, claim: 'waiting_for_email' });
    expect(db.select().from(users).get()).toMatchObject({
      email: 'jones@example.test',
      driverId: null,
      claimedDriverId: driverId,
      isApplicant: false,
      forenames: 'Sam',
    });
    await vi.waitFor(() =>
      expect(newestOutboxMessage(config.mail.outboxDir, 'jones@register.example')?.text).toContain('/register/claim/'),
    );
    expect(confirmRegistration(token)).toEqual({ ok: false, reason: 'no_match' });
    expect(db.select().from(users).all()).toHaveLength(1);
  });

  it('matches the register again when the link is used', async () => {
    const driverId = addDriver('PH10', 'Nowak');
    const ip = nextAddress();
    const details = { badgeNumber: 'PH10', surname: 'Nowak', password: PASSWORD };
    await registerDriver({ ...details, email: 'first@example.test' }, ip);
    await registerDriver({ ...details, email: 'second@example.test', dateOfBirth: '1970-03-04' }, ip);
    const first = await confirmationTokenFor('first@example.test');
    const second = await confirmationTokenFor('second@example.test');
    // The register gained a date of birth after the first form was sent: badge and surname alone no longer do.
    db.update(drivers).set({ dateOfBirth: '1970-03-04' }).where(eq(drivers.id, driverId)).run();
    expect(confirmRegistration(first)).toEqual({ ok: false, reason: 'no_match' });
    expect(confirmRegistration(second)).toMatchObject({ ok: true, claim: 'linked' });
    expect(db.select({ email: users.email, driverId: users.driverId }).from(users).all()).toEqual([
      { email: 'second@example.test', driverId },
    ]);
  });

  it('a link whose badge was linked to another account meanwhile creates nothing', async () => {
    addDriver('PH11', 'Okafor', '1975-06-07');
    const ip = nextAddress();
    const details = { badgeNumber: 'PH11', surname: 'Okafor', dateOfBirth: '1975-06-07', password: PASSWORD };
    await registerDriver({ ...details, email: 'one@example.test' }, ip);
    await registerDriver({ ...details, email: 'two@example.test' }, ip);
    const one = await confirmationTokenFor('one@example.test');
    const two = await confirmationTokenFor('two@example.test');
    expect(confirmRegistration(two)).toMatchObject({ ok: true, claim: 'linked' });
    expect(confirmRegistration(one)).toEqual({ ok: false, reason: 'already_registered' });
    expect(db.select({ email: users.email }).from(users).all()).toEqual([{ email: 'two@example.test' }]);
  });

  it('is rate limited per address, and the bucket refills', async () => {
    const ip = nextAddress();
    for (let i = 0; i < 30; i += 1) {
      expect(
        (
          await registerDriver(
            { badgeNumber: `X${i}`, surname: 'None', email: 'x@example.test', password: PASSWORD },
            ip,
          )
        ).ok,
      ).toBe(false);
    }
    expect(
      await registerDriver({ badgeNumber: 'X', surname: 'None', email: 'x@example.test', password: PASSWORD }, ip),
    ).toEqual({ ok: false, reason: 'throttled' });
    t += 20_000;
    expect(
      await registerDriver({ badgeNumber: 'X', surname: 'None', email: 'x@example.test', password: PASSWORD }, ip),
    ).toEqual({ ok: false, reason: 'no_match' });
  });

  it('creates an applicant account with no register row once the e-mailed link is used', async () => {
    const result = await registerApplicant(
      { forenames: 'Ana', surname: 'Costa', dateOfBirth: '1991-02-03', email: 'ana@example.test', password: PASSWORD },
      nextAddress(),
    );
    expect(result).toEqual({ ok: true });
    expect(db.select().from(users).all()).toEqual([]);
    const link = await confirmationTokenFor('ana@example.test');
    const created = confirmRegistration(link);
    expect(created.ok).toBe(true);
    expect(db.select().from(users).get()).toMatchObject({
      driverId: null,
      isApplicant: true,
      forenames: 'Ana',
      dateOfBirth: '1991-02-03',
    });
    expect(confirmRegistration(link)).toEqual({ ok: false, reason: 'no_match' });
  });

  it('answers an address that already has an account (an officer’s) exactly as a new one, and tells the owner', async () => {
    await addUser('officer@example.test', 'officer');
    const details = { forenames: 'Eve', surname: 'Probe', dateOfBirth: '1991-02-03', password: PASSWORD };
    const taken = await registerApplicant({ ...details, email: 'Officer@Example.test' }, nextAddress());
    const fresh = await registerApplicant({ ...details, email: 'fresh@example.test' }, nextAddress());
    expect(taken).toEqual(fresh);
    await vi.waitFor(() => expect(newestOutboxMessage(config.mail.outboxDir, 'officer@example.test')).toBeDefined());
    const owner = newestOutboxMessage(config.mail.outboxDir, 'officer@example.test')!;
    expect(owner.subject).toMatch(/already have/);
    expect(owner.text).toContain('/password-reset');
    expect(owner.text).not.toMatch(/register\/confirm/);
    expect(
      db
        .select()
        .from(users)
        .all()
        .map((u) => u.email),
    ).toEqual(['officer@example.test']);
  });
});

describe('signing in', () => {
  it('gives the same answer for an unknown e-mail, a wrong password and a disabled account', async () => {
    const id = await addUser('driver@example.test');
    const ip = nextAddress();
    expect(await checkCredentials('nobody@example.test', PASSWORD, ip)).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkCredentials('driver@example.test', 'wrong wrong wrong', ip)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect((await checkCredentials(' Driver@Example.TEST ', PASSWORD, ip)).ok).toBe(true);
    db.update(users).set({ disabledAt: t }).where(eq(users.id, id)).run();
    expect(await checkCredentials('driver@example.test', PASSWORD, ip)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('strangers get 10 wrong guesses at an account, then 10 an hour, from any number of addresses', async () => {
    await addUser('target@example.test');
    for (let i = 0; i < 10; i += 1) {
      const answer = await checkCredentials('target@example.test', 'guess guess guess', nextAddress());
      expect(answer).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await checkCredentials('target@example.test', 'guess guess guess', nextAddress())).toEqual({
      ok: false,
      reason: 'throttled',
    });
    // From a browser the account does not know, even the right password waits (see sign-in.ts).
    expect(await checkCredentials('target@example.test', PASSWORD, nextAddress())).toEqual({
      ok: false,
      reason: 'throttled',
    });
    t += 6 * 60_000;
    expect((await checkCredentials('target@example.test', PASSWORD, nextAddress())).ok).toBe(true);
  });

  it('a locked-out attacker does not stop the holder signing in from a browser they used before', async () => {
    const id = await addUser('admin@example.test', 'officer');
    const holder = { cookies: cookieJar() };
    expect((await checkCredentials('admin@example.test', PASSWORD, nextAddress())).ok).toBe(true);
    rememberDevice(holder.cookies, id);
    const device = deviceToken(holder.cookies);
    expect(device).toMatch(/^[a-z2-7]{32,64}$/);
    for (let i = 0; i < 12; i += 1) await checkCredentials('admin@example.test', 'guess guess guess', nextAddress());
    expect((await checkCredentials('admin@example.test', PASSWORD, nextAddress())).ok).toBe(false);
    expect((await checkCredentials('admin@example.test', PASSWORD, nextAddress(), device)).ok).toBe(true);
    // A device token is no use for another account, or once forged.
    await addUser('other@example.test');
    for (let i = 0; i < 10; i += 1) await checkCredentials('other@example.test', 'guess guess guess', nextAddress());
    expect((await checkCredentials('other@example.test', PASSWORD, nextAddress(), device)).ok).toBe(false);
    expect((await checkCredentials('admin@example.test', PASSWORD, nextAddress(), 'a'.repeat(39))).ok).toBe(false);
  }, 30_000);

  it('a password reset clears the failures strangers left on the account', async () => {
    await addUser('reset@example.test');
    for (let i = 0; i < 10; i += 1) await checkCredentials('reset@example.test', 'guess guess guess', nextAddress());
    expect((await checkCredentials('reset@example.test', PASSWORD, nextAddress())).ok).toBe(false);
    forgetSignInFailures('Reset@example.test');
    expect((await checkCredentials('reset@example.test', PASSWORD, nextAddress())).ok).toBe(true);
  });

  it('refuses an address that has used its 30 failures before hashing anything', async () => {
    await addUser('many@example.test');
    const ip = nextAddress();
    for (let i = 0; i < 30; i += 1) await checkCredentials(`nobody${i}@example.test`, 'guess guess guess', ip);
    expect(await checkCredentials('many@example.test', PASSWORD, ip)).toEqual({ ok: false, reason: 'throttled' });
    expect((await checkCredentials('many@example.test', PASSWORD, nextAddress())).ok).toBe(true);
  }, 30_000);

  it('audits officer sign-ins and failures but not drivers', async () => {
    const officer = await addUser('officer@example.test', 'officer');
    await addUser('driver@example.test');
    const ip = nextAddress();
    await checkCredentials('officer@example.test', 'wrong wrong wrong', ip);
    await checkCredentials('officer@example.test', PASSWORD, ip);
    await checkCredentials('driver@example.test', PASSWORD, ip);
    const rows = db.select().from(auditLog).all();
    expect(rows.map((row) => [row.action, row.actorUserId])).toEqual([
      ['sign_in_failed', officer],
      ['sign_in', officer],
    ]);
  });

  it('follows next only to paths on this site', () => {
    expect(safeNextPath('/training/module-1/?a=1')).toBe('/training/module-1/?a=1');
    for (const bad of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      'training',
      '/\t/evil.example',
      null,
      '',
    ]) {
      expect(safeNextPath(bad), String(bad)).toBeNull();
    }
  });
});

describe('password reset', () => {
  async function linkFor(email: string): Promise<string> {
    await vi.waitFor(() => expect(newestOutboxMessage(config.mail.outboxDir, email)).toBeDefined());
    const text = newestOutboxMessage(config.mail.outboxDir, email)!.text;
    return /\/password-reset\/([a-z2-7]+)/.exec(text)![1]!;
  }

  it('stores only a hash, works once, and ends every session', async () => {
    const id = await addUser('driver@example.test');
    const phone = createSession(id);
    expect(requestPasswordReset('Driver@example.test', nextAddress())).toBe(true);
    const token = await linkFor('driver@example.test');
    const stored = db.select().from(oneTimeTokens).all();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(resetTokenUser(token)).toBe(id);

    expect(await resetPassword(token, 'copper meadow lantern')).toBe(true);
    expect(validateSessionToken(phone.token)).toBeNull();
    expect(await resetPassword(token, 'another long passphrase')).toBe(false);
    expect((await checkCredentials('driver@example.test', 'copper meadow lantern', nextAddress())).ok).toBe(true);
  });

  it('forgets every browser the account knew: an old device cookie no longer gets past strangers’ guesses', async () => {
    const id = await addUser('driver@example.test');
    const browser = cookieJar();
    rememberDevice(browser, id);
    const old = deviceToken(browser);
    for (let i = 0; i < 10; i += 1) await checkCredentials('driver@example.test', 'guess guess guess', nextAddress());
    expect((await checkCredentials('driver@example.test', PASSWORD, nextAddress(), old)).ok).toBe(true);

    requestPasswordReset('driver@example.test', nextAddress());
    expect(await resetPassword(await linkFor('driver@example.test'), 'copper meadow lantern')).toBe(true);
    expect(db.select().from(knownDevices).where(eq(knownDevices.userId, id)).all()).toEqual([]);
    for (let i = 0; i < 10; i += 1) await checkCredentials('driver@example.test', 'guess guess guess', nextAddress());
    expect(await checkCredentials('driver@example.test', 'copper meadow lantern', nextAddress(), old)).toEqual({
      ok: false,
      reason: 'throttled',
    });
    // Signing in again (once strangers' guesses have come back) makes the browser known under a new token.
    t += 60 * 60_000;
    expect((await checkCredentials('driver@example.test', 'copper meadow lantern', nextAddress(), old)).ok).toBe(true);
    rememberDevice(browser, id);
    expect(deviceToken(browser)).not.toBe(old);
  }, 30_000);

  it('expires after an hour, and a newer link cancels an older one', async () => {
    await addUser('driver@example.test');
    requestPasswordReset('driver@example.test', nextAddress());
    const first = await linkFor('driver@example.test');
    t += 1_000;
    requestPasswordReset('driver@example.test', nextAddress());
    await vi.waitFor(() =>
      expect(newestOutboxMessage(config.mail.outboxDir, 'driver@example.test')?.text).not.toContain(first),
    );
    const second = await linkFor('driver@example.test');
    expect(resetTokenUser(first)).toBeNull();
    expect(resetTokenUser(second)).not.toBeNull();
    t += 60 * 60_000;
    expect(resetTokenUser(second)).toBeNull();
    expect(await resetPassword(second, 'copper meadow lantern')).toBe(false);
  });

  it('sends nothing for an unknown address but answers the same', async () => {
    expect(requestPasswordReset('nobody@example.test', nextAddress())).toBe(true);
    expect(newestOutboxMessage(config.mail.outboxDir)).toBeUndefined();
    expect(db.select().from(oneTimeTokens).all()).toHaveLength(0);
  });
});

describe('changing a password while signed in', () => {
  it('keeps this browser signed in and known, and ends every other session and forgets every other browser', async () => {
    const id = await addUser('driver@example.test');
    const here = cookieJar();
    const elsewhere = cookieJar();
    rememberDevice(here, id);
    rememberDevice(elsewhere, id);
    const thisSession = createSession(id);
    const otherSession = createSession(id);

    expect(
      await changeOwnPassword(id, PASSWORD, 'copper meadow lantern', {
        sessionId: thisSession.session.id,
        deviceToken: deviceToken(here),
      }),
    ).toBe('changed');
    expect(validateSessionToken(thisSession.token)).not.toBeNull();
    expect(validateSessionToken(otherSession.token)).toBeNull();
    expect(isKnownDevice(id, deviceToken(here))).toBe(true);
    expect(isKnownDevice(id, deviceToken(elsewhere))).toBe(false);
    expect(
      await changeOwnPassword(id, PASSWORD, 'another long passphrase', { sessionId: thisSession.session.id }),
    ).toBe('wrong_password');
  }, 30_000);
});

describe('known browsers', () => {
  it('keeps the most recently used browsers of an account, up to the limit, and forgets one unused for a year', async () => {
    const id = await addUser('driver@example.test');
    const other = await addUser('other@example.test');
    const browsers = Array.from({ length: MAX_DEVICES_PER_USER + 2 }, () => cookieJar());
    for (const browser of browsers) {
      rememberDevice(browser, id);
      t += 60_000;
    }
    const known = browsers.map((b) => isKnownDevice(id, deviceToken(b)));
    expect(known).toEqual([false, false, ...Array<boolean>(MAX_DEVICES_PER_USER).fill(true)]);
    expect(db.select().from(knownDevices).where(eq(knownDevices.userId, id)).all()).toHaveLength(MAX_DEVICES_PER_USER);

    // Signing in again from a known browser keeps its token and makes it the most recent.
    const third = deviceToken(browsers[2]!);
    rememberDevice(browsers[2]!, id);
    expect(deviceToken(browsers[2]!)).toBe(third);

    t += DEVICE_LIFETIME_MS + 1;
    rememberDevice(cookieJar(), other);
    expect(db.select().from(knownDevices).where(eq(knownDevices.userId, id)).all()).toEqual([]);
  });
});
