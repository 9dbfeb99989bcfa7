import { describe, expect, it } from 'vitest';
import { isSameOrigin } from '../../src/lib/http/origin.ts';

/** Officer POSTs rely on this check; the node adapter gives on-demand routes `http://localhost` as their URL. */
describe('same-origin check for officer form posts', () => {
  const post = (origin: string | null, host = '127.0.0.1:4321') =>
    new Request('http://localhost/officer/drivers/1', { method: 'POST', headers: { Host: host, ...(origin ? { Origin: origin } : {}) } });

  it('accepts a form posted from the address the browser is on', () => {
    expect(isSameOrigin(post('http://127.0.0.1:4321'))).toBe(true);
  });

  it('refuses a foreign, missing or null Origin', () => {
    expect(isSameOrigin(post('http://evil.example'))).toBe(false);
    expect(isSameOrigin(post('http://127.0.0.1:9999'))).toBe(false);
    expect(isSameOrigin(post(null))).toBe(false);
    expect(isSameOrigin(post('null'))).toBe(false);
  });
});
