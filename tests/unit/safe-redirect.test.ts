import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/lib/auth/sign-in.ts';
import { OFF_SITE_NEXT } from '../e2e/support/redirect-payloads.ts';

describe('safeNextPath', () => {
  it('keeps paths on this site, with their query', () => {
    expect(safeNextPath('/training/module-1/?a=1')).toBe('/training/module-1/?a=1');
    expect(safeNextPath('/officer/drivers/?q=smith#top')).toBe('/officer/drivers/?q=smith#top');
    expect(safeNextPath('/a/../account')).toBe('/account');
  });

  it.each(OFF_SITE_NEXT)('refuses %j', (next) => {
    expect(safeNextPath(next)).toBeNull();
  });

  it('never returns a path a browser would read as another site', () => {
    for (const next of OFF_SITE_NEXT) {
      const result = safeNextPath(next);
      if (result !== null) expect(new URL(result, 'http://portal.invalid').origin).toBe('http://portal.invalid');
    }
    expect(safeNextPath(null)).toBeNull();
    expect(safeNextPath('')).toBeNull();
  });
});
