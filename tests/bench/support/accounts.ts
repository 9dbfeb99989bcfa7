/**
 * Who the HTTP benchmarks sign in as, and signing in: through the real login form, as a visitor would, so the
 * Argon2 check and the session cookie are part of what is measured.
 */
import { openDatabase } from '../../../db/client.ts';
import { request } from './server.ts';

export const DRIVER = { email: 'demo.driver@example.org', password: 'amber-lantern-taxi-rank-2016' };
export const OFFICER = { email: 'demo.officer@example.org', password: 'quayside-ledger-kestrel-2016' };
/** Every extra account the benchmarks create shares this password (its hash is computed once). */
export const BENCH_PASSWORD = 'bench-lantern-quayside-kestrel';

/** Signs in through the login form; returns the session cookie (`name=value`). */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const reply = await request(`${url}/login`, { form: { email, password } });
  const cookie = [reply.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('session='));
  if (reply.status !== 303 || !cookie) throw new Error(`Sign-in as ${email} failed with ${reply.status}`);
  return cookie.split(';')[0]!;
}

/**
 * Signs an officer (the demo data's, unless another is given) in and marks their sessions as past the second
 * factor, straight in the database: the benchmarks measure the officer pages, not a TOTP prompt (tests/e2e
 * covers that journey).
 */
export async function signInOfficer(
  url: string,
  dbPath: string,
  { email, password }: { email: string; password: string } = OFFICER,
): Promise<string> {
  const cookie = await signIn(url, email, password);
  const db = openDatabase(dbPath);
  try {
    db.$client
      .prepare(`update sessions set second_factor_at = ? where user_id = (select id from users where email = ?)`)
      .run(Date.now(), email);
  } finally {
    db.$client.close();
  }
  return cookie;
}
