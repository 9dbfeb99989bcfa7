/**
 * The whole database schema. Dates that are calendar days are stored as
 * `YYYY-MM-DD` text; instants as Unix milliseconds. Migrations in
 * `db/migrations/` are generated from this file by drizzle-kit.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const LICENCE_TYPES = ['hackney_carriage', 'private_hire', 'dual'] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];
export const ROLES = ['driver', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The licensing register: one row per licensed driver, keyed by badge number. */
export const drivers = sqliteTable(
  'drivers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    badgeNumber: text('badge_number').notNull(),
    surname: text('surname').notNull(),
    forenames: text('forenames').notNull(),
    licenceType: text('licence_type', { enum: LICENCE_TYPES }).notNull(),
    licenceExpiry: text('licence_expiry').notNull(),
    dateOfBirth: text('date_of_birth'),
    email: text('email'),
    /** Postal address for printed reminders (optional register columns). */
    addressLine1: text('address_line_1'),
    addressLine2: text('address_line_2'),
    town: text('town'),
    postcode: text('postcode'),
    /** UK mobile number, stored as written in the register, for SMS reminders. */
    mobile: text('mobile'),
    /** When the driver's personal data was erased on request or by the retention rule. */
    erasedAt: integer('erased_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('drivers_badge_unique').on(t.badgeNumber),
    // The drivers list's search matches a badge number's start without case, as a range on this index.
    index('drivers_badge_nocase_idx').on(sql`${t.badgeNumber} COLLATE NOCASE`),
    index('drivers_surname_idx').on(t.surname),
    // The drivers list sorts by name without case; walking this index in that order lets a page stop
    // after its 50 rows instead of sorting every matching driver.
    index('drivers_name_nocase_idx').on(sql`${t.surname} COLLATE NOCASE`, sql`${t.forenames} COLLATE NOCASE`),
    index('drivers_licence_type_idx').on(t.licenceType),
  ],
);

/**
 * Everyone who can sign in. A driver account points at its register row;
 * an applicant's account has no register row yet (`driverId` null,
 * `isApplicant` true) until an officer links it.
 */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    passwordHash: text('password_hash'),
    role: text('role', { enum: ROLES }).notNull(),
    driverId: integer('driver_id').references(() => drivers.id),
    isApplicant: integer('is_applicant', { mode: 'boolean' }).notNull().default(false),
    surname: text('surname'),
    forenames: text('forenames'),
    dateOfBirth: text('date_of_birth'),
    /** An officer's TOTP key, encrypted (src/lib/auth/second-factor.ts); set at enrolment. */
    totpKey: blob('totp_key', { mode: 'buffer' }),
    /** When the officer proved the TOTP key with a code; until then the key is only being enrolled. */
    totpConfirmedAt: integer('totp_confirmed_at'),
    /** The last TOTP time step accepted, so one code cannot be used twice. */
    totpLastStep: integer('totp_last_step'),
    /**
     * The register row a driver claimed without a fact the badge does not show: the account waits (driverId
     * null) until the register's e-mail link or an officer confirms the claim.
     */
    claimedDriverId: integer('claimed_driver_id').references(() => drivers.id),
    /** The last sign-in, for the retention rule on inactive accounts. */
    lastSignInAt: integer('last_sign_in_at'),
    disabledAt: integer('disabled_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    uniqueIndex('users_driver_unique').on(t.driverId),
    index('users_role_idx').on(t.role),
  ],
);

/** Server-side sessions (Lucia guide): only a SHA-256 hash of the secret is kept. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** When this session passed the officer's second factor; null for drivers and half-signed-in officers. */
    secondFactorAt: integer('second_factor_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** An officer's single-use recovery codes, stored as SHA-256 hashes. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [uniqueIndex('recovery_codes_hash_unique').on(t.userId, t.codeHash)],
);

/** Single-use links: password reset, officer invitation, first-admin setup. Stored hashed. */
export const oneTimeTokens = sqliteTable('one_time_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
  purpose: text('purpose', { enum: ['password_reset', 'officer_invite', 'first_admin', 'badge_claim'] }).notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
  createdAt: integer('created_at').notNull(),
});

/** How far a user has got through each course module, for resume and completion. */
export const moduleProgress = sqliteTable(
  'module_progress',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    moduleSlug: text('module_slug').notNull(),
    /** Index of the furthest section reached (0-based). */
    furthestSection: integer('furthest_section').notNull().default(0),
    scenarioAnswer: text('scenario_answer'),
    startedAt: integer('started_at').notNull(),
    completedAt: integer('completed_at'),
    /**
     * The user's latest submitted attempt when they last opened this module. After failures the assessment
     * stays shut until each named module has been opened after the failing attempt (see `training/retake.ts`);
     * an attempt id rather than a time, so a pinned clock cannot make an old visit look new.
     */
    openedAfterAttempt: integer('opened_after_attempt'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.moduleSlug] })],
);

/** Every assessment attempt, with the questions drawn and the answers given. */
export const assessmentAttempts = sqliteTable(
  'assessment_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** JSON array of question ids in the order shown. */
    questionIds: text('question_ids').notNull(),
    /**
     * JSON array: each question exactly as this attempt showed it (text, module, options in the order shown,
     * which is right), so the record survives later edits to the bank. Null for attempts made before it was kept.
     */
    questionsSeen: text('questions_seen'),
    /** JSON object: question id → chosen option id. */
    answers: text('answers'),
    score: integer('score'),
    passed: integer('passed', { mode: 'boolean' }),
    startedAt: integer('started_at').notNull(),
    submittedAt: integer('submitted_at'),
  },
  (t) => [index('attempts_user_idx').on(t.userId)],
);

/**
 * One row per question answered in a submitted attempt, with that attempt's score and result copied in
 * (written by the application at submit). Triggers add each row to the question and module statistics;
 * deleting an account's attempts leaves those sums as they were, since they describe the questions.
 */
export const attemptResponses = sqliteTable(
  'attempt_responses',
  {
    attemptId: integer('attempt_id')
      .notNull()
      .references(() => assessmentAttempts.id, { onDelete: 'cascade' }),
    /** 0-based place of the question in the attempt. */
    position: integer('position').notNull(),
    questionId: text('question_id').notNull(),
    moduleSlug: text('module_slug').notNull(),
    correct: integer('correct', { mode: 'boolean' }).notNull(),
    /** The attempt's score and question count, for discrimination (item against the rest of the test). */
    attemptScore: integer('attempt_score').notNull(),
    attemptQuestions: integer('attempt_questions').notNull(),
    attemptPassed: integer('attempt_passed', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.attemptId, t.position] }),
    // Finds the attempt's earlier wrong answer in the same module, so the module statistics count an attempt once.
    index('responses_attempt_module_idx').on(t.attemptId, t.moduleSlug, t.correct),
  ],
);

/**
 * Running sums per question over every recorded response, kept by a trigger on `attempt_responses` (migration
 * `0008_attempt_snapshots_and_responses`), so the statistics page reads one row per question however many
 * attempts there are. Enough for per cent correct and the item-rest point-biserial discrimination
 * (`officer/question-stats.ts`). Never written by the application.
 */
export const questionStatistics = sqliteTable('question_statistics', {
  questionId: text('question_id').primaryKey(),
  /** The module the question was in when last answered. */
  moduleSlug: text('module_slug').notNull(),
  drawn: integer('drawn').notNull(),
  answeredRight: integer('answered_right').notNull(),
  sumScore: integer('sum_score').notNull(),
  sumScoreRight: integer('sum_score_right').notNull(),
  sumScoreSquared: integer('sum_score_squared').notNull(),
});

/** How many attempts the statistics count, and how many failed: one row (id 1), kept by a trigger. */
export const assessmentTotals = sqliteTable('assessment_totals', {
  id: integer('id').primaryKey(),
  attempts: integer('attempts').notNull(),
  failedAttempts: integer('failed_attempts').notNull(),
});

/** Per module: failed attempts with at least one of its questions wrong (so the result named it). Trigger-kept. */
export const moduleStatistics = sqliteTable('module_statistics', {
  moduleSlug: text('module_slug').primaryKey(),
  failedAttemptsNamed: integer('failed_attempts_named').notNull(),
});

/** Face-to-face training sessions recorded by officers or imported. */
export const faceToFaceSessions = sqliteTable(
  'face_to_face_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id),
    sessionDate: text('session_date').notNull(),
    trainer: text('trainer').notNull(),
    venue: text('venue').notNull(),
    recordedBy: integer('recorded_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('f2f_driver_date_unique').on(t.driverId, t.sessionDate)],
);

/**
 * Certificates. The holder's details are copied at issue so the paper and
 * the verify page always agree, whatever later changes in the register.
 */
export const certificates = sqliteTable(
  'certificates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    kind: text('kind', { enum: ['online', 'face_to_face'] }).notNull(),
    userId: integer('user_id').references(() => users.id),
    driverId: integer('driver_id').references(() => drivers.id),
    attemptId: integer('attempt_id').references(() => assessmentAttempts.id),
    faceToFaceSessionId: integer('face_to_face_session_id').references(() => faceToFaceSessions.id),
    holderName: text('holder_name').notNull(),
    badgeNumber: text('badge_number'),
    licenceType: text('licence_type'),
    completedOn: text('completed_on').notNull(),
    expiresOn: text('expires_on'),
    issuedAt: integer('issued_at').notNull(),
    revokedAt: integer('revoked_at'),
    revokedReason: text('revoked_reason'),
    revokedBy: integer('revoked_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('certificates_code_unique').on(t.code),
    uniqueIndex('certificates_attempt_unique').on(t.attemptId),
    uniqueIndex('certificates_f2f_unique').on(t.faceToFaceSessionId),
    index('certificates_user_idx').on(t.userId),
    index('certificates_driver_idx').on(t.driverId),
    // Covering indexes for the officer console's status SQL ("latest live completion of each kind"). Partial, so
    // their statistics ignore the NULL holders: with a plain index ANALYZE can make the planner scan the table.
    index('certificates_live_driver_idx')
      .on(t.driverId, t.kind, t.completedOn)
      .where(sql`${t.driverId} IS NOT NULL AND ${t.revokedAt} IS NULL`),
    index('certificates_live_user_idx')
      .on(t.userId, t.kind, t.completedOn)
      .where(sql`${t.userId} IS NOT NULL AND ${t.revokedAt} IS NULL`),
  ],
);

/**
 * Each register row's training facts, kept by triggers (migration
 * `0003_officer_training_facts_triggers`) whenever a certificate, face-to-face
 * session, account link, module or attempt changes: the latest live online
 * and face-to-face completion dates, the first completion, and whether the
 * course was started. Every register row has one (migration
 * `0004_officer_counts_without_joins` adds it when the driver is inserted).
 * The officer console's status SQL reads this one row per driver, so the
 * dashboard and list stay fast at 100,000 drivers. Never written by the
 * application.
 */
export const driverTrainingFacts = sqliteTable(
  'driver_training_facts',
  {
    driverId: integer('driver_id')
      .primaryKey()
      .references(() => drivers.id, { onDelete: 'cascade' }),
    onlineOn: text('online_on'),
    faceToFaceOn: text('face_to_face_on'),
    /** The earliest live completion of either kind, for the dashboard's cumulative chart. */
    firstCompletedOn: text('first_completed_on'),
    hasStarted: integer('has_started', { mode: 'boolean' }).notNull().default(false),
    /**
     * A copy of the driver's licence type, kept by triggers (every register row has a facts row), so the
     * dashboard's counts and the list's totals read this table alone, without a join per driver.
     * Nullable only because the older triggers' upserts do not name it; they never insert a new row.
     */
    licenceType: text('licence_type', { enum: LICENCE_TYPES }),
  },
  (t) => [
    index('facts_first_completed_idx').on(t.firstCompletedOn),
    // Covers every column the status needs, grouped by licence type: the counts scan this index only.
    index('facts_status_idx').on(t.licenceType, t.onlineOn, t.faceToFaceOn, t.hasStarted),
  ],
);

/**
 * How many register rows share each combination of the facts a status depends on, kept by triggers on
 * `driver_training_facts` (migration `0010_driver_fact_counts`). Holds dated facts, not statuses, so the
 * status SQL works out each group's status for today at read time: the dashboard and the list's totals read
 * a few thousand groups however large the register. Never written by the application.
 */
export const driverFactCounts = sqliteTable(
  'driver_fact_counts',
  {
    licenceType: text('licence_type', { enum: LICENCE_TYPES }),
    onlineOn: text('online_on'),
    faceToFaceOn: text('face_to_face_on'),
    hasStarted: integer('has_started', { mode: 'boolean' }).notNull(),
    firstCompletedOn: text('first_completed_on'),
    n: integer('n').notNull(),
  },
  (t) => [index('fact_counts_key_idx').on(t.licenceType, t.onlineOn, t.faceToFaceOn, t.hasStarted, t.firstCompletedOn)],
);

/** Officer actions and security events. Triggers in the migrations make it append-only. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    driverId: integer('driver_id').references(() => drivers.id),
    /** Short JSON detail; never passwords, tokens or full personal data. */
    detail: text('detail').notNull().default('{}'),
  },
  (t) => [
    index('audit_driver_idx').on(t.driverId),
    index('audit_at_idx').on(t.at),
    index('audit_action_idx').on(t.action),
  ],
);

/** Public certificate checks: outcome only, no code or personal data. */
export const verificationLog = sqliteTable(
  'verification_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    outcome: text('outcome', { enum: ['valid', 'expired', 'revoked', 'not_found', 'malformed'] }).notNull(),
  },
  (t) => [index('verification_log_at_idx').on(t.at)],
);

/**
 * Token buckets for rate limits (sign-in, registration, reset, verification). Keys are SHA-256 hashes of the
 * address or account, so a row has a fixed size; a row whose bucket is full again (`full_at` passed) says the
 * same as no row and is pruned. Kept here rather than in memory so a restart resets nothing.
 */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    scope: text('scope').notNull(),
    keyHash: text('key_hash').notNull(),
    tokens: integer('tokens').notNull(),
    refilledAt: integer('refilled_at').notNull(),
    fullAt: integer('full_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.keyHash] }), index('rate_limits_full_at_idx').on(t.fullAt)],
);

/**
 * Browsers that have signed in to an account before (the OWASP "device cookie"): the cookie holds a random
 * token, the table its SHA-256 hash. A known browser with the right password is never held back by failures
 * that strangers caused on the account.
 */
export const knownDevices = sqliteTable(
  'known_devices',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at').notNull(),
  },
  (t) => [index('known_devices_user_idx').on(t.userId)],
);

/**
 * Registrations, by licensed drivers and applicants, waiting for their e-mail address to be confirmed. The
 * account is created (and a driver's badge claimed) only when the link is used, so the registration form
 * answers the same whether or not the address already has an account (review F-7). The link's token is stored
 * as a SHA-256 hash.
 */
export const pendingRegistrations = sqliteTable(
  'pending_registrations',
  {
    tokenHash: text('token_hash').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** The register row a licensed driver matched; null for an applicant. */
    driverId: integer('driver_id').references(() => drivers.id, { onDelete: 'cascade' }),
    /** An applicant's; a driver's come from the register row when the link is used. */
    forenames: text('forenames'),
    /** As typed: a driver's is matched against the register again when the link is used. */
    surname: text('surname').notNull(),
    /** As typed; a driver may leave it out when the register holds none. */
    dateOfBirth: text('date_of_birth'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [
    index('pending_registrations_email_idx').on(t.email),
    index('pending_registrations_expires_idx').on(t.expiresAt),
  ],
);

export const REMINDER_REASONS = ['not_started', 'in_progress', 'overdue', 'expiring'] as const;
export type ReminderReason = (typeof REMINDER_REASONS)[number];
export const REMINDER_CHANNELS = ['email', 'sms', 'letter'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
export const REMINDER_STATES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/**
 * One send of reminders to a group of drivers, by an officer or by the
 * automatic schedule (`createdBy` null). The counts are fixed when it is
 * created; each message's progress is in `reminder_messages`.
 */
export const reminderCampaigns = sqliteTable('reminder_campaigns', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  reason: text('reason', { enum: REMINDER_REASONS }).notNull(),
  /** For `expiring`: completions expiring within this many days. */
  withinDays: integer('within_days'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  /** Drivers in the group who had already been sent this reminder, so were left out. */
  alreadyReminded: integer('already_reminded').notNull().default(0),
  unreachable: integer('unreachable').notNull().default(0),
  /** Letters written to the campaign's PDF so far; equals its letter count once the PDF is complete. */
  lettersMade: integer('letters_made').notNull().default(0),
  lettersReadyAt: integer('letters_ready_at'),
});

/**
 * The queue: one reminder to one driver. The unique key (driver, reason,
 * period) means no driver is sent the same reminder twice, however many
 * campaigns include them; `period` is the deadline, or for `expiring` the
 * date the completion expires.
 */
export const reminderMessages = sqliteTable(
  'reminder_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => reminderCampaigns.id),
    driverId: integer('driver_id')
      .notNull()
      .references(() => drivers.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: REMINDER_REASONS }).notNull(),
    period: text('period').notNull(),
    channel: text('channel', { enum: REMINDER_CHANNELS }).notNull(),
    state: text('state', { enum: REMINDER_STATES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** Why the last attempt failed or why it was skipped; never the message text or address. */
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('reminder_once_unique').on(t.driverId, t.reason, t.period),
    index('reminder_campaign_idx').on(t.campaignId, t.state),
    index('reminder_queue_idx').on(t.state, t.nextAttemptAt),
  ],
);
