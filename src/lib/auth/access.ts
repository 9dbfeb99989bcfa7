/**
 * Who may reach which on-demand route. Every route file must be classified
 * here; a unit test fails when a page under `src/pages` is not.
 */
import type { Role } from '../../../db/schema.ts';

export type Access = 'public' | 'signed-in' | 'driver' | 'officer' | 'admin';

/** Path prefixes, most specific first. */
export const ACCESS_RULES: ReadonlyArray<{ prefix: string; access: Access }> = [
  { prefix: '/officer/setup', access: 'public' },
  { prefix: '/officer/accept', access: 'public' },
  { prefix: '/officer/users', access: 'admin' },
  { prefix: '/officer/questions', access: 'officer' },
  { prefix: '/officer/reminders', access: 'officer' },
  { prefix: '/officer', access: 'officer' },
  { prefix: '/training', access: 'driver' },
  { prefix: '/account', access: 'signed-in' },
  { prefix: '/register', access: 'public' },
  { prefix: '/login', access: 'public' },
  { prefix: '/password-reset', access: 'public' },
  { prefix: '/logout', access: 'signed-in' },
];

/** The access level a path needs; anything not listed is public. */
export function accessFor(pathname: string): Access {
  for (const rule of ACCESS_RULES) {
    if (pathname === rule.prefix || pathname.startsWith(`${rule.prefix}/`) || pathname.startsWith(`${rule.prefix}.`)) {
      return rule.access;
    }
  }
  return 'public';
}

/** Whether a role satisfies an access level. */
export function allows(access: Access, role: Role | null): boolean {
  switch (access) {
    case 'public':
      return true;
    case 'signed-in':
      return role !== null;
    case 'driver':
      return role === 'driver';
    case 'officer':
      return role === 'officer' || role === 'admin';
    case 'admin':
      return role === 'admin';
  }
}
