/**
 * Who may reach which on-demand route. Every route file must be classified
 * here; a unit test fails when a page under `src/pages` is not.
 */
import type { Role } from '../../../db/schema.ts';

/**
 * `any-session` admits an officer half way through signing in (sign-out must always work); `second-factor` is
 * the page where officers enrol or type their code.
 */
export type Access = 'public' | 'signed-in' | 'any-session' | 'driver' | 'officer' | 'admin' | 'second-factor';

/** Path prefixes, most specific first. */
export const ACCESS_RULES: ReadonlyArray<{ prefix: string; access: Access }> = [
  { prefix: '/second-factor', access: 'second-factor' },
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
  { prefix: '/logout', access: 'any-session' },
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

/**
 * Whether a role satisfies an access level. An officer whose session has not passed the second factor counts
 * as signed out everywhere except the second-factor pages and sign-out: no officer page, export or account
 * page is reachable with the password alone.
 */
export function allows(access: Access, role: Role | null, secondFactorPassed: boolean): boolean {
  const isOfficer = role === 'officer' || role === 'admin';
  switch (access) {
    case 'public':
      return true;
    case 'any-session':
      return role !== null;
    case 'second-factor':
      return isOfficer;
    case 'signed-in':
      return role !== null && (!isOfficer || secondFactorPassed);
    case 'driver':
      return role === 'driver';
    case 'officer':
      return isOfficer && secondFactorPassed;
    case 'admin':
      return role === 'admin' && secondFactorPassed;
  }
}
