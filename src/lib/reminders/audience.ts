/**
 * Who a reminder goes to and how: the group an officer picks, each driver's
 * channel (e-mail, SMS, letter or none), the preview counts, and creating a
 * campaign with its queue of messages in one transaction.
 */
import { addDays, format, parseISO } from 'date-fns';
import { sql } from 'drizzle-orm';
import { type Db, type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { REMINDER_REASONS, type ReminderChannel, type ReminderReason, type ReminderState } from '../../../db/schema.ts';

/** The groups an officer can remind, in the order the page offers them. */
export { REMINDER_REASONS };
import { audit } from '../audit.ts';
import type { FormError } from '../forms.ts';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { driverStatusSelect, expiryThreshold, type StatusParams } from '../officer/status-sql.ts';
import { completionExpiresOn } from '../training/status.ts';

/** What the officer sees for each group. */
export const REMINDER_GROUP_LABELS: Record<ReminderReason, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  overdue: 'Overdue',
  expiring: 'Completion expiring soon',
};

/** How each channel is named on pages. */
export const REMINDER_CHANNEL_LABELS: Record<ReminderChannel, string> = {
  email: 'E-mail',
  sms: 'Text message',
  letter: 'Letter',
};

/** A message's state as pages say it. */
export const REMINDER_STATE_LABELS: Record<ReminderState, string> = {
  queued: 'Waiting to be sent',
  sending: 'Being sent',
  sent: 'Sent',
  failed: 'Could not be sent',
  skipped: 'Not sent: training completed first',
};

/** A group of drivers to remind: the reason, and for `expiring` how many days ahead to look. */
export interface ReminderGroup {
  reason: ReminderReason;
  withinDays: number | null;
}

/** One driver in a group, with what is needed to pick a channel and key the message. */
export interface Recipient {
  id: number;
  channel: ReminderChannel | null;
  /** The deadline, or the day the completion expires: no driver gets the same reminder twice for one period. */
  period: string;
  alreadyReminded: boolean;
}

/** How a group would be reached: the preview shown before sending. */
export interface ReminderPreview {
  total: number;
  alreadyReminded: number;
  email: number;
  sms: number;
  letter: number;
  unreachable: number;
}

/** Whether text messages can be sent (GOV.UK Notify with an SMS template). */
export function smsEnabled(): boolean {
  return config.reminders.notify.apiKey !== null && config.reminders.notify.smsTemplateId !== null;
}

/**
 * The channel for one driver: e-mail when an address is held (the account's
 * first, as the driver chose it, then the register's); else SMS when enabled
 * and a mobile is held; else a letter when a postal address is held; else none.
 */
export function channelFor(contact: {
  email: string | null;
  mobile: string | null;
  addressLine1: string | null;
  postcode: string | null;
}): ReminderChannel | null {
  if (contact.email) return 'email';
  if (contact.mobile && smsEnabled()) return 'sms';
  if (contact.addressLine1 && contact.postcode) return 'letter';
  return null;
}

interface GroupRow {
  id: number;
  email: string | null;
  mobile: string | null;
  address_line_1: string | null;
  postcode: string | null;
  last_completed_on: string | null;
}

/** The SQL condition on the status row `s` that puts a driver in the group. */
function groupCondition(group: ReminderGroup, params: StatusParams) {
  if (group.reason !== 'expiring') return sql`s.status = ${group.reason}`;
  const horizon = format(addDays(parseISO(params.today), group.withinDays ?? 0), 'yyyy-MM-dd');
  const threshold = expiryThreshold(horizon, config.refresherMonths);
  // Completions that never expire are never "expiring".
  return threshold === null ? sql`0` : sql`s.status = 'completed' AND s.last_completed_on <= ${threshold}`;
}

/** The period a reminder for this reason covers, for a driver whose latest completion is `lastCompletedOn`. */
export function periodFor(reason: ReminderReason, lastCompletedOn: string | null): string {
  if (reason !== 'expiring' || lastCompletedOn === null) return config.deadline;
  return completionExpiresOn(lastCompletedOn, config.refresherMonths) ?? config.deadline;
}

/** Every driver in the group now, with their channel and whether they have had this reminder already. */
export function groupRecipients(group: ReminderGroup, params: StatusParams, db: Executor = getDb()): Recipient[] {
  const rows = db.all<GroupRow>(sql`
    SELECT s.id, coalesce(s.email, d.email) AS email, d.mobile, d.address_line_1, d.postcode, s.last_completed_on
    FROM (${driverStatusSelect(params)}) s JOIN drivers d ON d.id = s.id
    WHERE ${groupCondition(group, params)}
    ORDER BY s.id`);
  const sent = new Set(
    db
      .all<{ key: string }>(
        sql`SELECT driver_id || '|' || period AS key FROM reminder_messages WHERE reason = ${group.reason}`,
      )
      .map((r) => r.key),
  );
  return rows.map((r) => {
    const period = periodFor(group.reason, r.last_completed_on);
    return {
      id: r.id,
      channel: channelFor({ email: r.email, mobile: r.mobile, addressLine1: r.address_line_1, postcode: r.postcode }),
      period,
      alreadyReminded: sent.has(`${r.id}|${period}`),
    };
  });
}

/** Counts of how the group would be reached; drivers already sent this reminder are counted apart. */
export function summarise(recipients: Recipient[]): ReminderPreview {
  const preview: ReminderPreview = {
    total: recipients.length,
    alreadyReminded: 0,
    email: 0,
    sms: 0,
    letter: 0,
    unreachable: 0,
  };
  for (const r of recipients) {
    if (r.alreadyReminded) preview.alreadyReminded += 1;
    else if (r.channel === null) preview.unreachable += 1;
    else preview[r.channel] += 1;
  }
  return preview;
}

/** The preview for a group under today's status. */
export function previewReminders(group: ReminderGroup, params: StatusParams, db: Db = getDb()): ReminderPreview {
  return summarise(groupRecipients(group, params, db));
}

/**
 * Creates a campaign for the group as it stands now (a driver who completed
 * since the preview is no longer in it) and queues one message per reachable
 * driver not already sent this reminder, all in one transaction with its
 * audit entry. `officerId` is null for the automatic schedule.
 */
export function createCampaign(
  group: ReminderGroup,
  officerId: number | null,
  params: StatusParams,
  db: Db = getDb(),
): { campaignId: number; preview: ReminderPreview } {
  const sqlite = db.$client;
  const insertMessage = sqlite.prepare(
    `INSERT OR IGNORE INTO reminder_messages (campaign_id, driver_id, reason, period, channel, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const run = sqlite.transaction(() => {
    const recipients = groupRecipients(group, params, db);
    const preview = summarise(recipients);
    const at = now().getTime();
    const campaignId = Number(
      sqlite
        .prepare(
          `INSERT INTO reminder_campaigns (reason, within_days, created_by, created_at, already_reminded, unreachable)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(group.reason, group.withinDays, officerId, at, preview.alreadyReminded, preview.unreachable)
        .lastInsertRowid,
    );
    for (const r of recipients) {
      if (!r.alreadyReminded && r.channel !== null)
        insertMessage.run(campaignId, r.id, group.reason, r.period, r.channel, at, at);
    }
    const { total, alreadyReminded, email, sms, letter, unreachable } = preview;
    audit(
      {
        actorUserId: officerId,
        action: 'reminder_campaign_created',
        detail: { campaignId, reason: group.reason, total, alreadyReminded, email, sms, letter, unreachable },
      },
      db,
    );
    return { campaignId, preview };
  });
  return run.immediate();
}

/** Parses a group from the reminders form or query string; null when it is not one the page offers. */
export function parseGroup(reason: string | undefined, days: string | undefined): ReminderGroup | null {
  if (!reason || !(REMINDER_REASONS as readonly string[]).includes(reason)) return null;
  if (reason !== 'expiring') return { reason: reason as ReminderReason, withinDays: null };
  const n = Number(days);
  return Number.isInteger(n) && n >= 1 && n <= 365 ? { reason: 'expiring', withinDays: n } : null;
}

/** Why a group from the form is not acceptable, as messages for the error summary. */
export function groupErrors(reason: string | undefined, days: string | undefined): FormError[] {
  if (!reason || !(REMINDER_REASONS as readonly string[]).includes(reason))
    return [{ field: 'reason', message: 'Choose who should be reminded' }];
  if (reason === 'expiring' && !parseGroup(reason, days))
    return [{ field: 'days', message: 'Enter a number of days from 1 to 365' }];
  return [];
}
