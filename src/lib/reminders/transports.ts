/**
 * Handing one reminder to a transport. E-mail goes through GOV.UK Notify
 * when `NOTIFY_API_KEY` and `NOTIFY_EMAIL_TEMPLATE_ID` are set, otherwise
 * through `sendMail` (SMTP, or the file outbox by default). SMS needs Notify.
 * Each send carries the message id, so a message retried after a crash is
 * not delivered twice: the outbox rewrites the same file and Notify is asked
 * first whether it already has the reference.
 */
import { NotifyClient } from 'notifications-node-client';
import { config } from '../config.ts';
import { sendMail } from '../mail.ts';
import type { ReminderText } from './texts.ts';

/** A failed send; `permanent` ones (a rejected address, a bad template) are not retried. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** One reminder to hand over. `retry` is true when an earlier attempt may have reached the transport. */
export interface Delivery {
  messageId: number;
  queuedAt: number;
  channel: 'email' | 'sms';
  to: string;
  text: ReminderText;
  retry: boolean;
}

/**
 * GOV.UK Notify's client for the configured key; `NOTIFY_BASE_URL` points it
 * elsewhere (tests use a local fake).
 */
function notifyClient(): NotifyClient {
  const { apiKey, baseUrl } = config.reminders.notify;
  return baseUrl ? new NotifyClient(baseUrl, apiKey!) : new NotifyClient(apiKey!);
}

interface NotifyFailure {
  response?: { status: number; data?: { errors?: Array<{ error?: string; message?: string }> } };
  message?: string;
}

/** Notify's own words for a failure; 400 and 403 are the request's fault, so retrying cannot help. */
function notifyError(e: unknown): TransportError {
  const failure = e as NotifyFailure;
  const status = failure.response?.status;
  const first = failure.response?.data?.errors?.[0];
  const reason = first ? `${first.error ?? 'Error'}: ${first.message ?? ''}` : (failure.message ?? 'no response');
  return new TransportError(`GOV.UK Notify ${status ?? 'unreachable'}: ${reason}`, status === 400 || status === 403);
}

/** True when Notify already holds a notification with this reference (a send that finished before a crash). */
async function notifyHasReference(client: NotifyClient, type: 'email' | 'sms', reference: string): Promise<boolean> {
  const found = await client.getNotifications(type, undefined, reference);
  return (found.data.notifications ?? []).length > 0;
}

async function sendByNotify(delivery: Delivery, templateId: string): Promise<void> {
  const client = notifyClient();
  const reference = `reminder-${delivery.messageId}`;
  try {
    if (delivery.retry && (await notifyHasReference(client, delivery.channel, reference))) return;
    if (delivery.channel === 'email') {
      await client.sendEmail(templateId, delivery.to, {
        personalisation: { subject: delivery.text.subject, body: delivery.text.body },
        reference,
      });
    } else {
      await client.sendSms(templateId, delivery.to, { personalisation: { body: delivery.text.sms }, reference });
    }
  } catch (e) {
    throw notifyError(e);
  }
}

/** Which transport an e-mail reminder uses, for the campaign page and logs. */
export function emailTransportName(): 'notify' | 'smtp' | 'outbox' {
  const { apiKey, emailTemplateId } = config.reminders.notify;
  if (apiKey && emailTemplateId) return 'notify';
  return config.mail.smtpUrl ? 'smtp' : 'outbox';
}

/** Hands one e-mail or SMS reminder over; throws a `TransportError` when it could not be. */
export async function deliver(delivery: Delivery): Promise<void> {
  const { apiKey, emailTemplateId, smsTemplateId } = config.reminders.notify;
  if (delivery.channel === 'sms') {
    if (!apiKey || !smsTemplateId) throw new TransportError('SMS is not set up (GOV.UK Notify)', false);
    return sendByNotify(delivery, smsTemplateId);
  }
  if (apiKey && emailTemplateId) return sendByNotify(delivery, emailTemplateId);
  try {
    await sendMail(
      { to: delivery.to, subject: delivery.text.subject, text: delivery.text.body },
      { id: `reminder-${delivery.messageId}`, queuedAt: delivery.queuedAt },
    );
  } catch (e) {
    const code = (e as { responseCode?: number }).responseCode;
    // SMTP 5xx replies refuse the message itself; anything else (4xx, connection) may pass on a retry.
    throw new TransportError(`E-mail not sent: ${(e as Error).message}`, code !== undefined && code >= 500);
  }
}
