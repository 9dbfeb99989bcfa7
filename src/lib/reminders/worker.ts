/**
 * The reminder queue's worker, run inside the server process: it hands
 * queued e-mails and text messages to their transport at the configured
 * pace, retries failures with a doubling delay, makes each campaign's
 * letters PDF, and runs the automatic reminders on their schedule.
 *
 * Surviving a crash: a message is marked `sending` before it is handed over
 * and `sent` after. At start, messages still `sending` were interrupted and
 * go back to the queue; the transports recognise a message they already
 * have by its id, so finishing the campaign sends nobody a second copy.
 */
import { Cron } from 'croner';
import { sql } from 'drizzle-orm';
import { type Db } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import type { ReminderChannel, ReminderReason } from '../../../db/schema.ts';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { logEvent } from '../log.ts';
import { currentStatusParams, driverStatusSelect, type StatusParams } from '../officer/status-sql.ts';
import type { DriverStatus } from '../training/status.ts';
import { createCampaign, periodFor, previewReminders, type ReminderGroup } from './audience.ts';
import { lettersPath, writeLettersPdf, type Letter } from './letters.ts';
import { reminderText } from './texts.ts';
import { deliver, TransportError } from './transports.ts';

interface QueuedMessage {
  id: number;
  driverId: number;
  reason: ReminderReason;
  period: string;
  channel: ReminderChannel;
  attempts: number;
  createdAt: number;
}

/** A driver as they stand now, to re-check a reminder is still due and to address it. */
interface CurrentDriver {
  id: number;
  forenames: string;
  surname: string;
  badge_number: string;
  status: DriverStatus;
  last_completed_on: string | null;
  email: string | null;
  mobile: string | null;
  address_line_1: string | null;
  address_line_2: string | null;
  town: string | null;
  postcode: string | null;
}

/** How long the worker rests when there is nothing to send. */
const IDLE_MS = 500;
/** Messages handed to transports at once, within the per-second limit. */
const CONCURRENT_SENDS = 5;

/**
 * The named drivers as they stand now, by id: one query for a whole batch,
 * since preparing the status SQL once per message cost more than sending it.
 */
function currentDrivers(db: Db, ids: number[], params: StatusParams): Map<number, CurrentDriver> {
  if (ids.length === 0) return new Map();
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = db.all<CurrentDriver>(sql`
    SELECT s.id, s.forenames, s.surname, s.badge_number, s.status, s.last_completed_on,
      coalesce(s.email, d.email) AS email, d.mobile, d.address_line_1, d.address_line_2, d.town, d.postcode
    FROM (${driverStatusSelect(params, sql`d.id IN (${list})`)}) s JOIN drivers d ON d.id = s.id`);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Whether the reminder still applies: a driver who completed since it was
 * queued is skipped, and so is one who renewed a completion that was expiring.
 */
export function stillDue(reason: ReminderReason, period: string, driver: CurrentDriver): boolean {
  if (reason !== 'expiring') return driver.status !== 'completed';
  return driver.status === 'completed' && periodFor('expiring', driver.last_completed_on) === period;
}

function textFor(message: Pick<QueuedMessage, 'reason' | 'period'>, driver: CurrentDriver) {
  return reminderText(message.reason, {
    forenames: driver.forenames,
    surname: driver.surname,
    badgeNumber: driver.badge_number,
    expiresOn: message.reason === 'expiring' ? message.period : null,
  });
}

/** Puts messages interrupted mid-send back in the queue; returns how many. Run once at start. */
export function requeueInterrupted(db: Db = getDb()): number {
  return db.$client.prepare(`UPDATE reminder_messages SET state = 'queued' WHERE state = 'sending'`).run().changes;
}

/**
 * Sends up to `limit` due e-mails and text messages, a few at once;
 * resolves to how many it took from the queue.
 */
export async function sendDue(limit: number, db: Db = getDb()): Promise<number> {
  const sqlite = db.$client;
  const due = sqlite
    .prepare(
      `SELECT id, driver_id AS driverId, reason, period, channel, attempts, created_at AS createdAt
       FROM reminder_messages WHERE state = 'queued' AND channel IN ('email', 'sms') AND next_attempt_at <= ?
       ORDER BY next_attempt_at, id LIMIT ?`,
    )
    .all(now().getTime(), limit) as QueuedMessage[];
  const claim = sqlite.prepare(
    `UPDATE reminder_messages SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'queued'`,
  );
  const finish = sqlite.prepare(
    `UPDATE reminder_messages SET state = @state, last_error = @error, sent_at = @sentAt, next_attempt_at = @next
     WHERE id = @id`,
  );
  const drivers = currentDrivers(
    db,
    due.map((m) => m.driverId),
    currentStatusParams(),
  );
  const sendOne = async (message: QueuedMessage): Promise<void> => {
    if (claim.run(message.id).changes !== 1) return;
    const at = now().getTime();
    const done = (state: 'sent' | 'failed' | 'skipped' | 'queued', error: string | null, next = at) =>
      finish.run({ id: message.id, state, error, sentAt: state === 'sent' ? at : null, next });
    const driver = drivers.get(message.driverId);
    if (!driver || !stillDue(message.reason, message.period, driver)) {
      done('skipped', 'No longer due: the driver completed the training first');
      return;
    }
    const to = message.channel === 'email' ? driver.email : driver.mobile;
    if (!to) {
      done(
        'failed',
        message.channel === 'email' ? 'No e-mail address held any more' : 'No mobile number held any more',
      );
      return;
    }
    try {
      await deliver({
        messageId: message.id,
        queuedAt: message.createdAt,
        channel: message.channel as 'email' | 'sms',
        to,
        text: textFor(message, driver),
        retry: message.attempts > 0,
      });
      done('sent', null);
    } catch (e) {
      const error = e instanceof TransportError ? e : new TransportError(String(e), false);
      const attempts = message.attempts + 1;
      if (error.permanent || attempts >= config.reminders.maxAttempts) done('failed', error.message);
      else done('queued', error.message, at + config.reminders.retrySeconds * 1000 * 2 ** (attempts - 1));
      logEvent('reminder_send_failed', { messageId: message.id, attempts, permanent: error.permanent });
    }
  };
  // A few at a time: a transport's round trip (Notify, SMTP) would otherwise set the pace, not the rate limit.
  const waiting = [...due];
  const lane = async () => {
    for (let message = waiting.shift(); message; message = waiting.shift()) await sendOne(message);
  };
  await Promise.all(Array.from({ length: CONCURRENT_SENDS }, lane));
  return due.length;
}

/**
 * Makes the letters PDF of every campaign with letters still queued: one page
 * per driver still due, others skipped. The PDF is rewritten whole each time,
 * so a run cut short by a crash is simply made again.
 */
export async function makeDueLetters(db: Db = getDb()): Promise<number[]> {
  const sqlite = db.$client;
  const campaigns = sqlite
    .prepare(`SELECT DISTINCT campaign_id AS id FROM reminder_messages WHERE state = 'queued' AND channel = 'letter'`)
    .all() as Array<{ id: number }>;
  const made: number[] = [];
  for (const { id: campaignId } of campaigns) {
    const messages = sqlite
      .prepare(
        `SELECT id, driver_id AS driverId, reason, period FROM reminder_messages
         WHERE campaign_id = ? AND channel = 'letter' AND state = 'queued' ORDER BY id`,
      )
      .all(campaignId) as Array<Pick<QueuedMessage, 'id' | 'driverId' | 'reason' | 'period'>>;
    const included: number[] = [];
    const skipped: number[] = [];
    const letters: Letter[] = [];
    const drivers = currentDrivers(
      db,
      messages.map((m) => m.driverId),
      currentStatusParams(),
    );
    for (const message of messages) {
      const driver = drivers.get(message.driverId);
      if (!driver || !driver.address_line_1 || !driver.postcode || !stillDue(message.reason, message.period, driver)) {
        skipped.push(message.id);
        continue;
      }
      included.push(message.id);
      letters.push({
        name: `${driver.forenames} ${driver.surname}`,
        address: [driver.address_line_1, driver.address_line_2, driver.town, driver.postcode].filter(
          (line): line is string => !!line,
        ),
        badgeNumber: driver.badge_number,
        status: driver.status,
        expiresOn: message.reason === 'expiring' ? message.period : null,
        text: textFor(message, driver),
      });
    }
    const progress = sqlite.prepare(`UPDATE reminder_campaigns SET letters_made = ? WHERE id = ?`);
    await writeLettersPdf(letters, lettersPath(campaignId), (n) => progress.run(n, campaignId));
    const at = now().getTime();
    sqlite.transaction(() => {
      const mark = sqlite.prepare(`UPDATE reminder_messages SET state = ?, sent_at = ?, last_error = ? WHERE id = ?`);
      for (const id of included) mark.run('sent', at, null, id);
      for (const id of skipped) mark.run('skipped', null, 'No longer due: the driver completed the training first', id);
      sqlite
        .prepare(`UPDATE reminder_campaigns SET letters_made = ?, letters_ready_at = ? WHERE id = ?`)
        .run(included.length, at, campaignId);
    })();
    made.push(campaignId);
  }
  return made;
}

/**
 * The automatic reminders, when configured: drivers who have not completed,
 * from N days before the deadline; and completions expiring within N days.
 * Each creates a campaign only when someone new is due, and the unique key
 * on messages means no driver is sent the same reminder twice.
 */
export function runAutomaticReminders(db: Db = getDb(), params: StatusParams = currentStatusParams()): number[] {
  const { daysBeforeDeadline, daysBeforeExpiry } = config.reminders.automatic;
  const groups: ReminderGroup[] = [];
  if (daysBeforeDeadline !== null) {
    const daysLeft = (Date.parse(config.deadline) - Date.parse(params.today)) / 86_400_000;
    if (daysLeft >= 0 && daysLeft <= daysBeforeDeadline)
      groups.push({ reason: 'not_started', withinDays: null }, { reason: 'in_progress', withinDays: null });
  }
  if (daysBeforeExpiry !== null) groups.push({ reason: 'expiring', withinDays: daysBeforeExpiry });
  const created: number[] = [];
  for (const group of groups) {
    const preview = previewReminders(group, params, db);
    if (preview.email + preview.sms + preview.letter === 0) continue;
    created.push(createCampaign(group, null, params, db).campaignId);
  }
  return created;
}

/** A running worker; `stop` resolves once the message in hand is finished. */
export interface ReminderWorker {
  stop(): Promise<void>;
}

/**
 * Starts the worker: requeues interrupted messages, then loops, sending at
 * most `REMINDER_SEND_PER_SECOND` messages each second, and schedules the
 * automatic reminders when they are switched on.
 */
export function startReminderWorker(db: Db = getDb()): ReminderWorker {
  const interrupted = requeueInterrupted(db);
  if (interrupted > 0) logEvent('reminders_requeued', { count: interrupted });
  let running = true;
  let wake: (() => void) | null = null;
  const rest = (ms: number) =>
    new Promise<void>((resume) => {
      const timer = setTimeout(resume, ms);
      wake = () => {
        clearTimeout(timer);
        resume();
      };
    });
  const { daysBeforeDeadline, daysBeforeExpiry, schedule } = config.reminders.automatic;
  const cron =
    daysBeforeDeadline !== null || daysBeforeExpiry !== null
      ? new Cron(schedule, { protect: true, timezone: 'Europe/London' }, () => {
          try {
            const created = runAutomaticReminders(db);
            if (created.length > 0) logEvent('automatic_reminders_queued', { campaigns: created.length });
          } catch (e) {
            logEvent('reminder_worker_error', { message: (e as Error).message });
          }
        })
      : null;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      let worked = 0;
      try {
        worked = await sendDue(config.reminders.perSecond, db);
        worked += (await makeDueLetters(db)).length;
      } catch (e) {
        logEvent('reminder_worker_error', { message: (e as Error).message });
      }
      if (running) await rest(worked === 0 ? IDLE_MS : Math.max(0, 1000 - (Date.now() - started)));
    }
  })();
  return {
    async stop() {
      running = false;
      cron?.stop();
      wake?.();
      await loop;
    },
  };
}
