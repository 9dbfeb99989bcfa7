import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { sessions, users } from '../../db/schema.ts';
import { setClock } from '../../src/lib/clock.ts';
import {
  SESSION_LIMITS,
  createSession,
  invalidateSession,
  invalidateUserSessions,
  validateSessionToken,
} from '../../src/lib/auth/session.ts';

let db: Db;
let t: number;

function addUser(email: string, role: 'driver' | 'officer' = 'driver'): number {
  return db.insert(users).values({ email, role, createdAt: t }).returning({ id: users.id }).get().id;
}

beforeEach(() => {
  db = memoryDb();
  useDb(db);
  t = Date.UTC(2016, 6, 1, 9, 0, 0);
  setClock(() => new Date(t));
});

afterEach(() => {
  setClock(null);
  useDb(null);
});

describe('sessions', () => {
  it('never stores the raw token or its secret, in any column', () => {
    const userId = addUser('driver@example.test');
    const { token } = createSession(userId);
    const [id, secret] = token.split('.') as [string, string];
    expect(secret.length).toBeGreaterThanOrEqual(26); // 24 random bytes in base32: 192 bits
    const rows = db.$client.prepare('select * from sessions').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    for (const value of Object.values(rows[0]!)) {
      const text = Buffer.isBuffer(value)
        ? value.toString('latin1') + value.toString('hex') + value.toString('base64')
        : String(value);
      expect(text).not.toContain(token);
      expect(text).not.toContain(secret);
    }
    expect(rows[0]!.id).toBe(id);
  });

  it('validates the right token and refuses a wrong secret or a malformed token', () => {
    const userId = addUser('driver@example.test');
    const { token, session } = createSession(userId);
    expect(validateSessionToken(token)?.user.id).toBe(userId);
    expect(validateSessionToken(`${session.id}.${'a'.repeat(39)}`)).toBeNull();
    expect(validateSessionToken(session.id)).toBeNull();
    expect(validateSessionToken(`${token}.extra`)).toBeNull();
  });

  it('stops working once invalidated', () => {
    const userId = addUser('driver@example.test');
    const { token, session } = createSession(userId);
    invalidateSession(session.id);
    expect(validateSessionToken(token)).toBeNull();
  });

  it('ends every session of a user, or every one but the current', () => {
    const userId = addUser('driver@example.test');
    const first = createSession(userId);
    const second = createSession(userId);
    const third = createSession(userId);
    invalidateUserSessions(userId, first.session.id);
    expect(validateSessionToken(first.token)).not.toBeNull();
    expect(validateSessionToken(second.token)).toBeNull();
    expect(validateSessionToken(third.token)).toBeNull();
    invalidateUserSessions(userId);
    expect(validateSessionToken(first.token)).toBeNull();
  });

  it('expires after the idle timeout, and activity keeps it alive until then', () => {
    const userId = addUser('driver@example.test');
    const { token } = createSession(userId);
    const idle = SESSION_LIMITS.driver.idle;
    t += idle - 60_000;
    expect(validateSessionToken(token)).not.toBeNull();
    t += idle - 60_000;
    expect(validateSessionToken(token)).not.toBeNull();
    t += idle;
    expect(validateSessionToken(token)).toBeNull();
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it('records activity only once half the idle timeout has passed, and says when it did', () => {
    const userId = addUser('reader@example.test');
    const { token, session } = createSession(userId);
    const lastSeen = () => db.select().from(sessions).where(eq(sessions.id, session.id)).get()!.lastSeenAt;
    const half = SESSION_LIMITS.driver.idle / 2;
    t += half - 60_000;
    expect(validateSessionToken(token)?.fresh).toBe(false);
    expect(lastSeen()).toBe(session.lastSeenAt);
    t += 60_000;
    expect(validateSessionToken(token)?.fresh).toBe(true);
    expect(lastSeen()).toBe(t);
  });

  it('expires at the absolute lifetime even when in constant use', () => {
    const userId = addUser('officer@example.test', 'officer');
    const { token } = createSession(userId);
    const { idle, absolute } = SESSION_LIMITS.officer;
    expect(idle).toBeLessThan(SESSION_LIMITS.driver.idle);
    const start = t;
    while (t + idle / 2 < start + absolute) {
      t += idle / 2;
      expect(validateSessionToken(token)).not.toBeNull();
    }
    t = start + absolute;
    expect(validateSessionToken(token)).toBeNull();
  });

  it('refuses the session of a disabled user at once', () => {
    const userId = addUser('driver@example.test');
    const { token } = createSession(userId);
    db.update(users).set({ disabledAt: t }).where(eq(users.id, userId)).run();
    expect(validateSessionToken(token)).toBeNull();
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });
});
