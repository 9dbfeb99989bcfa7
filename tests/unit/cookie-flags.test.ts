import type { AstroCookies } from 'astro';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteSessionCookie, setSessionCookie } from '../../src/lib/auth/session.ts';
import { config } from '../../src/lib/config.ts';

const configured = config.baseUrl;
afterEach(() => {
  config.baseUrl = configured;
});

/** A cookie jar that records what the page would send. */
function jar() {
  const sent: { name: string; options: Record<string, unknown> }[] = [];
  const cookies = {
    set: (name: string, _value: string, options: Record<string, unknown>) => sent.push({ name, options }),
    delete: (name: string, options: Record<string, unknown>) => sent.push({ name, options }),
  } as unknown as AstroCookies;
  return { cookies, sent };
}

describe('session cookie flags follow PUBLIC_BASE_URL, not the request', () => {
  it('an https public address gives __Host-session; Secure, whatever scheme the request arrived with', () => {
    config.baseUrl = 'https://portal.example';
    const { cookies, sent } = jar();
    setSessionCookie(cookies, 'id.secret', 'driver');
    deleteSessionCookie(cookies);
    for (const cookie of sent) {
      expect(cookie.name).toBe('__Host-session');
      expect(cookie.options).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'lax' });
    }
  });

  it('an http public address (local use) gives a plain session cookie without Secure', () => {
    config.baseUrl = 'http://localhost:4321';
    const { cookies, sent } = jar();
    setSessionCookie(cookies, 'id.secret', 'officer');
    expect(sent[0]).toMatchObject({ name: 'session', options: { secure: false } });
  });
});
