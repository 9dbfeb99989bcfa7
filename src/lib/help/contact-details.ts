/**
 * Turns a contact route from `content/contacts/` into what a page shows:
 * national numbers come from the content file, local ones from configuration.
 */
import type { Contact } from '../content/schemas.ts';
import type { PortalConfig } from '../config.ts';

/** A phone number ready to show and dial. */
export interface Phone {
  label: string;
  number: string;
  href: string;
}

/** How to reach a local service whose number may not be configured yet. */
export interface LocalService {
  name: string;
  phones: Phone[];
  url: string | null;
  /** Who publishes the number when none is configured. */
  publisher: string;
}

/** The `tel:` address for a number as written on the page (spaces dropped). */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, '')}`;
}

/** The configured numbers and address of a local service named by key. */
export function localService(key: NonNullable<Contact['localPhone']>, config: PortalConfig): LocalService {
  if (key === 'childrenServices') {
    const cs = config.childrenServices;
    const phones: Phone[] = [];
    if (cs.phone) phones.push({ label: 'Phone', number: cs.phone, href: telHref(cs.phone) });
    if (cs.outOfHoursPhone) {
      phones.push({ label: 'Out of hours', number: cs.outOfHoursPhone, href: telHref(cs.outOfHoursPhone) });
    }
    return { name: cs.name, phones, url: cs.url, publisher: config.authorityName };
  }
  const office = config.licensingOffice;
  const phones: Phone[] = office.phone ? [{ label: 'Phone', number: office.phone, href: telHref(office.phone) }] : [];
  return { name: office.name, phones, url: null, publisher: config.authorityName };
}

/** Sorts contact routes urgent first, as the content files order them. */
export function byUrgency<T extends { data: Pick<Contact, 'order'> }>(contacts: readonly T[]): T[] {
  return [...contacts].sort((a, b) => a.data.order - b.data.order);
}
