import { describe, expect, it } from 'vitest';
import { isSameOrigin } from '../../src/lib/http/origin.ts';

/** The node adapter's request: URL host fixed to localhost, the browser's Host header kept. */
function post(headers: Record<string, string>): Request {
  return new Request('http://localhost/login', { method: 'POST', headers: { Host: '127.0.0.1:4404', ...headers } });
}

describe('same-origin check', () => {
  it('accepts a post whose Origin matches the Host the browser sent', () => {
    expect(isSameOrigin(post({ Origin: 'http://127.0.0.1:4404' }))).toBe(true);
  });

  it('accepts Origin null from a no-referrer page only when the browser marks the request same-origin', () => {
    expect(isSameOrigin(post({ Origin: 'null', 'Sec-Fetch-Site': 'same-origin' }))).toBe(true);
  });

  it('refuses a missing, opaque or foreign Origin', () => {
    expect(isSameOrigin(post({}))).toBe(false);
    expect(isSameOrigin(post({ Origin: 'null' }))).toBe(false);
    expect(isSameOrigin(post({ Origin: 'null', 'Sec-Fetch-Site': 'cross-site' }))).toBe(false);
    expect(isSameOrigin(post({ Origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOrigin(post({ Origin: 'http://127.0.0.1:4405' }))).toBe(false);
    expect(isSameOrigin(post({ Origin: 'https://127.0.0.1:4404' }))).toBe(false);
  });
});
