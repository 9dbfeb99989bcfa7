import { describe, expect, it } from 'vitest';
import { contactSchema } from '../../src/lib/content/schemas.ts';
import { localService, telHref } from '../../src/lib/help/contact-details.ts';
import { loadConfig } from '../../src/lib/config.ts';

const childline = {
  name: 'Childline',
  order: 4,
  whatFor: 'To talk to someone about anything that is worrying you.',
  whoFor: 'Under 19s',
  phone: '0800 1111',
  url: 'https://www.childline.org.uk/',
  anonymous: false,
  privacy: 'Free and confidential.',
};

describe('contact routes', () => {
  it('accepts a national helpline number from the brief', () => {
    expect(contactSchema.parse(childline).phone).toBe('0800 1111');
  });

  it('refuses any other number and says where local numbers belong', () => {
    const result = contactSchema.safeParse({ ...childline, phone: '0191 000 0000' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/local numbers come from configuration/);
  });

  it('refuses a route with no way to get in touch', () => {
    const { phone: _phone, url: _url, ...rest } = childline;
    expect(contactSchema.safeParse(rest).success).toBe(false);
  });

  it('dials numbers without spaces', () => {
    expect(telHref('0808 800 5000')).toBe('tel:08088005000');
  });

  it('shows no local number until one is configured', () => {
    const config = loadConfig();
    config.childrenServices = { ...config.childrenServices, phone: null, outOfHoursPhone: null };
    expect(localService('childrenServices', config).phones).toEqual([]);
  });

  it('shows the configured local number and the out-of-hours number when set', () => {
    const config = loadConfig();
    config.childrenServices = { ...config.childrenServices, phone: '03000 000000', outOfHoursPhone: '03000 111111' };
    expect(localService('childrenServices', config).phones).toEqual([
      { label: 'Phone', number: '03000 000000', href: 'tel:03000000000' },
      { label: 'Out of hours', number: '03000 111111', href: 'tel:03000111111' },
    ]);
  });
});
