/**
 * What the campaign pages, the driver page and the driver's account show:
 * each campaign's progress, and the reminders a driver has been sent.
 */
import { sql } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import type { ReminderChannel, ReminderReason, ReminderState } from '../../../db/schema.ts';

/** Counts of one campaign's messages by channel and state. */
export type ChannelCounts = Record<ReminderState, number>;

/** A campaign and how far it has got. */
export interface CampaignProgress {
  id: number;
  reason: ReminderReason;
  withinDays: number | null;
  createdAt: number;
  /** The officer's e-mail, or null for the automatic schedule. */
  createdBy: string | null;
  alreadyReminded: number;
  unreachable: number;
  channels: Record<ReminderChannel, ChannelCounts>;
  letters: { total: number; made: number; ready: boolean };
  /** True when nothing is left to send or print. */
  finished: boolean;
}

/** A message that failed or was skipped, with its reason, for the campaign page. */
export interface CampaignProblem {
  driverId: number;
  name: string;
  badgeNumber: string;
  channel: ReminderChannel;
  state: 'failed' | 'skipped';
  reason: string | null;
}

const zero = (): ChannelCounts => ({ queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 });

interface CampaignRow {
  id: number;
  reason: ReminderReason;
  within_days: number | null;
  created_at: number;
  created_by: string | null;
  already_reminded: number;
  unreachable: number;
  letters_made: number;
  letters_ready_at: number | null;
}

const CAMPAIGN_COLUMNS = sql`c.id, c.reason, c.within_days, c.created_at, u.email AS created_by, c.already_reminded,
  c.unreachable, c.letters_made, c.letters_ready_at`;

function withCounts(row: CampaignRow, counts: Array<{ channel: ReminderChannel; state: ReminderState; n: number }>) {
  const channels: Record<ReminderChannel, ChannelCounts> = { email: zero(), sms: zero(), letter: zero() };
  for (const c of counts) channels[c.channel][c.state] = c.n;
  const letterTotal = Object.values(channels.letter).reduce((a, b) => a + b, 0);
  const waiting = Object.values(channels).reduce((n, c) => n + c.queued + c.sending, 0);
  return {
    id: row.id,
    reason: row.reason,
    withinDays: row.within_days,
    createdAt: row.created_at,
    createdBy: row.created_by,
    alreadyReminded: row.already_reminded,
    unreachable: row.unreachable,
    channels,
    letters: { total: letterTotal, made: row.letters_made, ready: row.letters_ready_at !== null },
    finished: waiting === 0,
  };
}

/** One campaign's progress, or null when there is none with that id. */
export function campaignProgress(campaignId: number, db: Executor = getDb()): CampaignProgress | null {
  const row = db.get<CampaignRow>(
    sql`SELECT ${CAMPAIGN_COLUMNS} FROM reminder_campaigns c LEFT JOIN users u ON u.id = c.created_by
        WHERE c.id = ${campaignId}`,
  );
  if (!row) return null;
  const counts = db.all<{ channel: ReminderChannel; state: ReminderState; n: number }>(
    sql`SELECT channel, state, count(*) AS n FROM reminder_messages WHERE campaign_id = ${campaignId}
        GROUP BY channel, state`,
  );
  return withCounts(row, counts);
}

/** The newest campaigns first, with their progress. */
export function recentCampaigns(limit = 20, db: Executor = getDb()): CampaignProgress[] {
  const rows = db.all<CampaignRow>(
    sql`SELECT ${CAMPAIGN_COLUMNS} FROM reminder_campaigns c LEFT JOIN users u ON u.id = c.created_by
        ORDER BY c.id DESC LIMIT ${limit}`,
  );
  return rows.map((row) =>
    withCounts(
      row,
      db.all(
        sql`SELECT channel, state, count(*) AS n FROM reminder_messages WHERE campaign_id = ${row.id}
            GROUP BY channel, state`,
      ),
    ),
  );
}

/** The campaign's failed and skipped messages (at most `limit`), with why. */
export function campaignProblems(campaignId: number, limit = 200, db: Executor = getDb()): CampaignProblem[] {
  return db.all<CampaignProblem>(
    sql`SELECT m.driver_id AS driverId, d.forenames || ' ' || d.surname AS name, d.badge_number AS badgeNumber,
          m.channel, m.state, m.last_error AS reason
        FROM reminder_messages m JOIN drivers d ON d.id = m.driver_id
        WHERE m.campaign_id = ${campaignId} AND m.state IN ('failed', 'skipped')
        ORDER BY m.id LIMIT ${limit}`,
  );
}

/** A reminder a driver was sent or is due to be sent. */
export interface DriverReminder {
  reason: ReminderReason;
  channel: ReminderChannel;
  state: ReminderState;
  createdAt: number;
  sentAt: number | null;
  campaignId: number;
}

/** Every reminder for one driver, newest first. */
export function driverReminders(driverId: number, db: Executor = getDb()): DriverReminder[] {
  return db.all<DriverReminder>(
    sql`SELECT reason, channel, state, created_at AS createdAt, sent_at AS sentAt, campaign_id AS campaignId
        FROM reminder_messages WHERE driver_id = ${driverId} ORDER BY id DESC`,
  );
}

/**
 * The figures the campaign page shows, by name, as the page writes them: the
 * page renders them and its script refreshes them from the JSON endpoint.
 */
export function progressFigures(p: CampaignProgress): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [channel, counts] of Object.entries(p.channels)) {
    figures[`${channel}-sent`] = counts.sent;
    figures[`${channel}-waiting`] = counts.queued + counts.sending;
    figures[`${channel}-failed`] = counts.failed;
    figures[`${channel}-skipped`] = counts.skipped;
  }
  figures['letters-made'] = p.letters.made;
  return figures;
}

/** The reminders sent to the driver an account belongs to (none for officers and applicants), newest first. */
export function remindersSentToUser(userId: number, db: Executor = getDb()): DriverReminder[] {
  return db.all<DriverReminder>(
    sql`SELECT m.reason, m.channel, m.state, m.created_at AS createdAt, m.sent_at AS sentAt, m.campaign_id AS campaignId
        FROM reminder_messages m JOIN users u ON u.driver_id = m.driver_id
        WHERE u.id = ${userId} AND m.state = 'sent' ORDER BY m.id DESC`,
  );
}
