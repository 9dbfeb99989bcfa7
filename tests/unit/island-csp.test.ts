import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import loadDirective from 'astro/runtime/client/load.prebuilt.js';
import islandElement from 'astro/runtime/server/astro-island.prebuilt.js';
import { ISLAND_STYLES } from 'astro/runtime/server/astro-island-styles.js';
import {
  CONTENT_SECURITY_POLICY,
  ISLAND_CONTENT_SECURITY_POLICY,
  ISLAND_SCRIPT_HASHES,
  ISLAND_STYLE_HASHES,
} from '../../src/lib/http/headers.ts';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('the island page policy', () => {
  it('allows exactly the boot code the installed Astro writes inline', () => {
    expect([...ISLAND_SCRIPT_HASHES]).toEqual([sha256(loadDirective), sha256(islandElement)]);
    expect([...ISLAND_STYLE_HASHES]).toEqual([sha256(ISLAND_STYLES)]);
  });

  it('adds only those hashes to the site policy and never unsafe-inline', () => {
    expect(ISLAND_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(directive(ISLAND_CONTENT_SECURITY_POLICY, 'script-src')).toBe(
      `${directive(CONTENT_SECURITY_POLICY, 'script-src')} ${ISLAND_SCRIPT_HASHES.join(' ')}`,
    );
    expect(directive(ISLAND_CONTENT_SECURITY_POLICY, 'default-src')).toBe("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('sha256');
  });
});
