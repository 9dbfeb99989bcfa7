import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { contactSchema } from '../../src/lib/content/schemas.ts';
import { loadConfig } from '../../src/lib/config.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('facts the public pages state', () => {
  it('shows the NSPCC Helpline as a route that does not need your name', () => {
    const nspcc = contactSchema.parse(parse(readFileSync(join(ROOT, 'content/contacts/nspcc-helpline.yaml'), 'utf8')));
    expect(nspcc.anonymous).toBe(true);
    expect(nspcc.privacy).toMatch(/do not have to give your name/);
  });

  it('dates the 683 trained drivers to July 2016, after the decision of 13 April 2016', () => {
    const page = readFileSync(join(ROOT, 'src/pages/taxi-drivers.astro'), 'utf8').replace(/\s+/g, ' ');
    expect(page).toContain('By July 2016, 683 of the 1,757 licensed drivers (about 40%)');
    expect(page).not.toMatch(/before the council.s decision/i);
  });
});

describe('the safeguarding partnership setting', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('names today’s partnership, with no address until one is set', () => {
    vi.stubEnv('SAFEGUARDING_PARTNERSHIP_URL', '');
    vi.stubEnv('LSCB_URL', '');
    expect(loadConfig().safeguardingPartnership).toEqual({
      name: 'Durham Safeguarding Children Partnership',
      url: null,
    });
  });

  it('still reads the older LSCB_URL, and prefers the new setting when both are set', () => {
    vi.stubEnv('LSCB_URL', 'https://old.example.org/');
    expect(loadConfig().safeguardingPartnership.url).toBe('https://old.example.org/');
    vi.stubEnv('SAFEGUARDING_PARTNERSHIP_URL', 'https://partnership.example.org/');
    expect(loadConfig().safeguardingPartnership.url).toBe('https://partnership.example.org/');
  });
});
