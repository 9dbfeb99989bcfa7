/**
 * One place for every local fact and policy setting. Values come from the
 * environment so a council can change them without touching code; defaults
 * follow the 2016 cabinet report. Local facts the report does not give
 * (phone numbers, web addresses) default to `null` and pages then say where
 * to find them instead of inventing them.
 */
import { dirname, join } from 'node:path';

/** Which proxy's `X-Forwarded-For` entries to believe: a count of proxies in front, or their addresses. */
export type TrustProxy = { hops: number } | { addresses: string[] };

export interface PortalConfig {
  authorityName: string;
  siteName: string;
  baseUrl: string;
  /** Existing drivers must complete training by this date (YYYY-MM-DD). */
  deadline: string;
  /** Months a completion stays valid; 0 means it never expires. */
  refresherMonths: number;
  /** Per cent needed to pass the assessment. */
  passMark: number;
  questionsPerAttempt: number;
  /** Where "Exit this page" sends the visitor. */
  exitUrl: string;
  /**
   * Today's local safeguarding children partnership, which replaced the Local
   * Safeguarding Children Board (LSCB) of the 2016 report under the Children
   * and Social Work Act 2017.
   */
  safeguardingPartnership: { name: string; url: string | null };
  childrenServices: { name: string; phone: string | null; outOfHoursPhone: string | null; url: string | null };
  licensingOffice: { name: string; phone: string | null; email: string | null };
  mail: { from: string; smtpUrl: string | null; outboxDir: string };
  /** `IMPORT_MAX_ROWS`: the most data rows an import file may have. */
  importMaxRows: number;
  /** `TRUST_PROXY`: null (unset) means rate limits use the socket address and ignore `X-Forwarded-For`. */
  trustProxy: TrustProxy | null;
  /** `PORTAL_NOW`: the instant the clock is pinned to (tests, demos); never set in production. */
  pinnedNow: string | null;
  reminders: ReminderConfig;
  /**
   * Benchmarks only: every rate limit's burst and refill is multiplied by this, so a load test from one
   * address is not throttled. Leave at 1 in production.
   */
  rateLimitMultiplier: number;
  /** Benchmarks only: the server answers `/_bench/stats` with its event-loop delay and memory. */
  benchStats: boolean;
}

/** Reminder sending: the queue's pace, GOV.UK Notify, letters and the automatic schedule. */
export interface ReminderConfig {
  /** Most messages handed to a transport per second. */
  perSecond: number;
  /** Attempts before a message is marked failed. */
  maxAttempts: number;
  /** First retry delay; each later retry waits twice as long. */
  retrySeconds: number;
  /** Where the print room's letter PDFs are written. */
  lettersDir: string;
  /** GOV.UK Notify, used for e-mail when the key and e-mail template are set, and for SMS when the SMS one is. */
  notify: {
    apiKey: string | null;
    baseUrl: string | null;
    emailTemplateId: string | null;
    smsTemplateId: string | null;
  };
  /** Automatic reminders: off unless a number of days is set. */
  automatic: { daysBeforeDeadline: number | null; daysBeforeExpiry: number | null; schedule: string };
}

function optionalInteger(name: string, min: number, max: number): number | null {
  const raw = process.env[name];
  return raw === undefined || raw.trim() === '' ? null : integer(name, min, min, max);
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

/**
 * `PORTAL_NOW`, refused when NODE_ENV=production: a pinned clock there means sessions never time out and rate
 * limits never refill (review F-15), so the server must not start rather than run that way.
 */
function pinnedNow(): string | null {
  const pinned = optional('PORTAL_NOW');
  if (pinned !== null && process.env.NODE_ENV === 'production') {
    throw new Error('PORTAL_NOW pins the clock and must not be set when NODE_ENV=production; unset it and start again');
  }
  return pinned;
}

/**
 * `TRUST_PROXY`: unset, a number of proxies in front of the server (1 to 10: `1` for one reverse proxy), or
 * a comma-separated list of the proxies' addresses.
 */
function trustProxy(): TrustProxy | null {
  const raw = optional('TRUST_PROXY');
  if (raw === null) return null;
  if (/^\d+$/.test(raw)) return { hops: integer('TRUST_PROXY', 1, 1, 10) };
  const addresses = raw
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (addresses.length === 0 || addresses.some((a) => !/^[0-9A-Fa-f.:]+$/.test(a))) {
    throw new Error(
      `TRUST_PROXY must be a number of proxies (1 to 10) or their IP addresses, comma-separated; got "${raw}"`,
    );
  }
  return { addresses };
}

/**
 * Settings read at the moment they are used rather than once at start: the command-line entry points set
 * them before starting the server, and tests change them in-process.
 */

/** The SQLite file (`DATABASE_PATH`, default `data/portal.db`). */
export function databasePath(): string {
  return text('DATABASE_PATH', 'data/portal.db');
}

/** The public address (`PUBLIC_BASE_URL`) when one is set: behind a proxy, the address browsers use. */
export function publicBaseUrl(): string | null {
  return optional('PUBLIC_BASE_URL');
}

/**
 * The file holding the key that encrypts officers' TOTP keys at rest (created 0600 on first use). Beside the
 * database by default, but a separate file: a copy of the database alone does not reveal the keys.
 */
export function secondFactorKeyFile(): string {
  return text('SECOND_FACTOR_KEY_FILE', join(dirname(databasePath()), 'second-factor.key'));
}

/** Whether event logging is switched off (`PORTAL_LOG=silent`, for tests). */
export function logSilenced(): boolean {
  return process.env.PORTAL_LOG === 'silent';
}

/** The address and port the server listens on (`HOST`, default 127.0.0.1; `PORT`, default 4321). */
export function listenAddress(): { host: string; port: number } {
  return { host: text('HOST', '127.0.0.1'), port: integer('PORT', 4321, 1, 65535) };
}

/** Whether the start command skips its build-if-needed step (`SKIP_BUILD=1`: e2e runs build once first). */
export function skipBuild(): boolean {
  return process.env.SKIP_BUILD === '1';
}

/** Reads the configuration from the environment (call again after changing it in tests). */
export function loadConfig(): PortalConfig {
  return {
    authorityName: text('AUTHORITY_NAME', 'Durham County Council'),
    siteName: text('SITE_NAME', 'ERASE'),
    // Without a public address, links (e-mails, QR codes, setup links) point at the port actually served.
    baseUrl: (publicBaseUrl() ?? `http://localhost:${listenAddress().port}`).replace(/\/+$/, ''),
    deadline: isoDate('TRAINING_DEADLINE', '2016-09-01'),
    refresherMonths: integer('REFRESHER_MONTHS', 36, 0, 240),
    passMark: integer('PASS_MARK', 80, 1, 100),
    questionsPerAttempt: integer('QUESTIONS_PER_ATTEMPT', 10, 1, 100),
    exitUrl: text('EXIT_URL', 'https://www.bbc.co.uk/weather'),
    safeguardingPartnership: {
      name: text('SAFEGUARDING_PARTNERSHIP_NAME', 'Durham Safeguarding Children Partnership'),
      // LSCB_URL is the setting's name from before boards became partnerships; older deployments keep working.
      url: optional('SAFEGUARDING_PARTNERSHIP_URL') ?? optional('LSCB_URL'),
    },
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
    importMaxRows: integer('IMPORT_MAX_ROWS', 200_000, 1, 10_000_000),
    trustProxy: trustProxy(),
    pinnedNow: pinnedNow(),
    reminders: {
      perSecond: integer('REMINDER_SEND_PER_SECOND', 20, 1, 10_000),
      maxAttempts: integer('REMINDER_MAX_ATTEMPTS', 5, 1, 20),
      retrySeconds: integer('REMINDER_RETRY_SECONDS', 60, 1, 86_400),
      lettersDir: text('REMINDER_LETTERS_DIR', 'data/letters'),
      notify: {
        apiKey: optional('NOTIFY_API_KEY'),
        baseUrl: optional('NOTIFY_BASE_URL'),
        emailTemplateId: optional('NOTIFY_EMAIL_TEMPLATE_ID'),
        smsTemplateId: optional('NOTIFY_SMS_TEMPLATE_ID'),
      },
      automatic: {
        daysBeforeDeadline: optionalInteger('AUTO_REMIND_DAYS_BEFORE_DEADLINE', 1, 365),
        daysBeforeExpiry: optionalInteger('AUTO_REMIND_DAYS_BEFORE_EXPIRY', 1, 365),
        schedule: text('AUTO_REMIND_SCHEDULE', '0 9 * * 1-5'),
      },
    },
    rateLimitMultiplier: integer('RATE_LIMIT_MULTIPLIER', 1, 1, 1_000_000),
    benchStats: text('BENCH_STATS', '0') === '1',
  };
}

/** The configuration for this process. */
export const config: PortalConfig = loadConfig();
