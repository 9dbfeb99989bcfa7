import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessFor, allows } from '../../src/lib/auth/access.ts';

function pageFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? pageFiles(full) : [full];
  });
}

/**
 * The public pages that are deliberately open to everyone. `/[audience]` is the
 * route file that prerenders the four audience sections and their articles.
 */
const PUBLIC_PREFIXES = [
  '/',
  '/[audience]',
  '/children',
  '/young-people',
  '/parents-carers',
  '/professionals',
  '/get-help',
  '/taxi-drivers',
  '/events',
  '/search',
  '/about',
  '/accessibility',
  '/privacy',
  '/404',
  '/verify',
  '/login',
  '/register',
  '/password-reset',
  '/officer/setup',
  '/officer/accept',
];

/** Every guarded route prefix with one path under it, for the second-factor rows of the matrix. */
const GUARDED_PATHS = ['/officer/', '/officer/export.csv', '/officer/drivers/1', '/officer/users/', '/account'];

describe('route × role matrix', () => {
  it('classifies every page file: each is either listed public or guarded', () => {
    const unclassified = pageFiles('src/pages')
      .map(
        (f) =>
          '/' +
          relative('src/pages', f)
            .replace(/\.(astro|ts)$/, '')
            .replace(/(^|\/)index$/, ''),
      )
      .map((p) => p.replace(/\/$/, '') || '/')
      .filter((p) => accessFor(p) === 'public')
      .filter((p) => !PUBLIC_PREFIXES.some((pre) => p === pre || (pre !== '/' && p.startsWith(`${pre}/`))));
    expect(unclassified).toEqual([]);
  });

  it('keeps officer pages from drivers and signed-out visitors', () => {
    expect(allows(accessFor('/officer/'), 'driver', false)).toBe(false);
    expect(allows(accessFor('/officer/export.csv'), null, false)).toBe(false);
    expect(allows(accessFor('/officer/'), 'officer', true)).toBe(true);
    expect(allows(accessFor('/officer/users/'), 'officer', true)).toBe(false);
    expect(allows(accessFor('/officer/users/'), 'admin', true)).toBe(true);
  });

  it('keeps every officer page, export and account page from an officer who has not passed the second factor', () => {
    for (const role of ['officer', 'admin'] as const) {
      for (const path of GUARDED_PATHS) expect(allows(accessFor(path), role, false), `${role} ${path}`).toBe(false);
      expect(allows(accessFor('/second-factor'), role, false)).toBe(true);
      expect(allows(accessFor('/logout'), role, false)).toBe(true);
    }
    expect(allows(accessFor('/second-factor'), 'driver', false)).toBe(false);
    expect(allows(accessFor('/second-factor'), null, false)).toBe(false);
  });

  it('opens question statistics and their CSV to officers and admins only', () => {
    for (const path of ['/officer/questions/', '/officer/questions.csv']) {
      expect(accessFor(path)).toBe('officer');
      expect(allows(accessFor(path), null, true)).toBe(false);
      expect(allows(accessFor(path), 'driver', true)).toBe(false);
      expect(allows(accessFor(path), 'officer', true)).toBe(true);
      expect(allows(accessFor(path), 'admin', true)).toBe(true);
    }
  });

  it('keeps reminders, their progress and the letters PDF to officers', () => {
    for (const path of ['/officer/reminders/', '/officer/reminders/3', '/officer/reminders/3/letters.pdf']) {
      expect(accessFor(path)).toBe('officer');
      expect(allows(accessFor(path), 'driver', true)).toBe(false);
      expect(allows(accessFor(path), null, true)).toBe(false);
      expect(allows(accessFor(path), 'officer', true)).toBe(true);
    }
  });

  it('keeps training pages for drivers only', () => {
    expect(allows(accessFor('/training/'), null, false)).toBe(false);
    expect(allows(accessFor('/training/certificate.pdf'), 'driver', false)).toBe(true);
    expect(allows(accessFor('/training/assessment/'), 'officer', true)).toBe(false);
  });
});
