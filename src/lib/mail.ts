/**
 * Outgoing e-mail through nodemailer: SMTP when `SMTP_URL` is set,
 * otherwise each message is written as one JSON file in the outbox folder
 * (`MAIL_OUTBOX_DIR`, default `data/outbox/`), so the portal works offline
 * and tests can read what was sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from './config.ts';
import { logEvent } from './log.ts';

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text: every message the portal sends reads well without HTML. */
  text: string;
}

/** A message as written to the outbox. */
export interface OutboxMessage extends MailMessage {
  from: string;
  file: string;
}

let transport: Transporter | null = null;

function transporter(): Transporter {
  transport ??= config.mail.smtpUrl
    ? nodemailer.createTransport(config.mail.smtpUrl)
    : nodemailer.createTransport({ jsonTransport: true });
  return transport;
}

/**
 * Identifies a message that may be sent again after a crash (a queued
 * reminder): the outbox then writes the same file again instead of a second
 * one, and SMTP sends the same Message-ID so mail systems can drop the copy.
 */
export interface MailIdentity {
  /** Unique and stable for the message, e.g. `reminder-42`. */
  id: string;
  /** When the message was first queued (Unix ms), so outbox names still sort by time. */
  queuedAt: number;
}

/** Sends one message (or writes it to the outbox); resolves once it has been handed over. */
export async function sendMail(message: MailMessage, identity?: MailIdentity): Promise<void> {
  const domain = config.mail.from.split('@')[1] ?? 'localhost';
  const info = await transporter().sendMail({
    from: config.mail.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(identity ? { messageId: `<${identity.id}@${domain}>` } : {}),
  });
  if (!config.mail.smtpUrl) {
    mkdirSync(config.mail.outboxDir, { recursive: true });
    // Timestamp first so names sort by time; random suffix so two messages in one millisecond both survive.
    const name = identity
      ? `${identity.queuedAt.toString().padStart(15, '0')}-${identity.id}.json`
      : `${Date.now().toString().padStart(15, '0')}-${randomBytes(4).toString('hex')}.json`;
    const parsed = JSON.parse(String(info.message)) as { subject: string; text: string };
    const stored = { from: config.mail.from, to: message.to, subject: parsed.subject, text: parsed.text };
    writeFileSync(join(config.mail.outboxDir, name), `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  logEvent('mail_sent', { subject: message.subject, transport: config.mail.smtpUrl ? 'smtp' : 'outbox' });
}

/**
 * The newest message in an outbox folder, optionally only those to one
 * address; undefined when there is none. For tests and local checks.
 */
export function newestOutboxMessage(dir: string = config.mail.outboxDir, to?: string): OutboxMessage | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return undefined;
  }
  for (const file of names.sort().reverse()) {
    const message = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<OutboxMessage, 'file'>;
    if (to === undefined || message.to.toLowerCase() === to.toLowerCase()) return { ...message, file };
  }
  return undefined;
}
