/**
 * One place for every local fact and policy setting. Values come from the
 * environment so a council can change them without touching code; defaults
 * follow the 2016 cabinet report. Local facts the report does not give
 * (phone numbers, web addresses) default to `null` and pages then say where
 * to find them instead of inventing them.
 */
import { dirname, join } from 'node:path';

export interface PortalConfig {
  authorityName: string;
  siteName: string;
  baseUrl: string;
  databasePath: string;
  /** Existing drivers must complete training by this date (YYYY-MM-DD). */
  deadline: string;
  /** Months a completion stays valid; 0 means it never expires. */
  refresherMonths: number;
  /** Per cent needed to pass the assessment. */
  passMark: number;
  questionsPerAttempt: number;
  /** Where "Exit this page" sends the visitor. */
  exitUrl: string;
  lscbUrl: string | null;
  childrenServices: { name: string; phone: string | null; outOfHoursPhone: string | null; url: string | null };
  licensingOffice: { name: string; phone: string | null; email: string | null };
  mail: { from: string; smtpUrl: string | null; outboxDir: string };
  /** The file holding the key that encrypts officers' TOTP keys at rest (created 0600 on first use). */
  secondFactorKeyFile: string;
}

function text(name: string, fallback: string): string {
  const v = process.env[name];
  return v && v.trim() !== '' ? v.trim() : fallback;
}

function optional(name: string): string | null {
  const v = process.env[name];
  return v && v.trim() !== '' ? v.trim() : null;
}

function integer(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return n;
}

function isoDate(name: string, fallback: string): string {
  const v = text(name, fallback);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw new Error(`${name} must be a date written YYYY-MM-DD; got "${v}"`);
  }
  return v;
}

/** Reads the configuration from the environment (call again after changing it in tests). */
export function loadConfig(): PortalConfig {
  const databasePath = text('DATABASE_PATH', 'data/portal.db');
  return {
    authorityName: text('AUTHORITY_NAME', 'Durham County Council'),
    siteName: text('SITE_NAME', 'ERASE'),
    // Without a public address, links (e-mails, QR codes, setup links) point at the port actually served.
    baseUrl: text('PUBLIC_BASE_URL', `http://localhost:${process.env.PORT || 4321}`).replace(/\/+$/, ''),
    databasePath,
    deadline: isoDate('TRAINING_DEADLINE', '2016-09-01'),
    refresherMonths: integer('REFRESHER_MONTHS', 36, 0, 240),
    passMark: integer('PASS_MARK', 80, 1, 100),
    questionsPerAttempt: integer('QUESTIONS_PER_ATTEMPT', 10, 1, 100),
    exitUrl: text('EXIT_URL', 'https://www.bbc.co.uk/weather'),
    lscbUrl: optional('LSCB_URL'),
    childrenServices: {
      name: text('CHILDREN_SERVICES_NAME', 'First Contact, the council’s children’s services front door'),
      phone: optional('CHILDREN_SERVICES_PHONE'),
      outOfHoursPhone: optional('CHILDREN_SERVICES_OUT_OF_HOURS_PHONE'),
      url: optional('CHILDREN_SERVICES_URL'),
    },
    licensingOffice: {
      name: text('LICENSING_OFFICE_NAME', 'Licensing Services'),
      phone: optional('LICENSING_OFFICE_PHONE'),
      email: optional('LICENSING_OFFICE_EMAIL'),
    },
    mail: {
      from: text('MAIL_FROM', 'no-reply@localhost'),
      smtpUrl: optional('SMTP_URL'),
      outboxDir: text('MAIL_OUTBOX_DIR', 'data/outbox'),
    },
    // Beside the database by default, but a separate file: a copy of the database alone does not reveal the keys.
    secondFactorKeyFile: text('SECOND_FACTOR_KEY_FILE', join(dirname(databasePath), 'second-factor.key')),
  };
}

/** The configuration for this process. */
export const config: PortalConfig = loadConfig();
