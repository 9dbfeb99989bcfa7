import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../src/lib/config.ts';
import { deliver, TransportError, type Delivery } from '../../src/lib/reminders/transports.ts';
import { startFakeNotify, type FakeNotify } from './support/fake-notify.ts';

// Notify keys end with the service id and the secret, two UUIDs; these are made up.
const KEY = 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
const saved = structuredClone(config.reminders);
const text = {
  subject: 'Your training',
  body: 'Dear Sam,\n\nPlease finish by 1 September 2016.',
  sms: 'Please finish.',
};

function delivery(to: string, extra: Partial<Delivery> = {}): Delivery {
  return { messageId: 7, queuedAt: 0, channel: 'email', to, text, retry: false, ...extra };
}

describe('GOV.UK Notify transport', () => {
  let notify: FakeNotify;
  beforeAll(async () => {
    notify = await startFakeNotify();
    config.reminders = {
      ...config.reminders,
      notify: { apiKey: KEY, baseUrl: notify.baseUrl, emailTemplateId: 'tmpl-email', smsTemplateId: 'tmpl-sms' },
    };
  });
  afterEach(() => {
    notify.received.length = 0;
  });
  afterAll(async () => {
    config.reminders = saved;
    await notify.close();
  });

  it('sends an e-mail through the template with the subject and body, referenced by message id, signed', async () => {
    await deliver(delivery('sam@example.org'));
    expect(notify.received).toEqual([
      {
        type: 'email',
        to: 'sam@example.org',
        templateId: 'tmpl-email',
        personalisation: { subject: text.subject, body: text.body },
        reference: 'reminder-7',
        authorization: expect.stringMatching(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/),
      },
    ]);
  });

  it('sends a text message with the short text', async () => {
    await deliver(delivery('07700900123', { channel: 'sms', messageId: 8 }));
    expect(notify.received).toEqual([
      expect.objectContaining({ type: 'sms', to: '07700900123', personalisation: { body: 'Please finish.' } }),
    ]);
  });

  it('does not send again when retrying a message Notify already has', async () => {
    await deliver(delivery('sam@example.org'));
    await deliver(delivery('sam@example.org', { retry: true }));
    expect(notify.received).toHaveLength(1);
  });

  it('reports a rejected address as permanent and a server error as worth retrying, in Notify’s words', async () => {
    const failure = (to: string) =>
      deliver(delivery(to)).then(
        () => null,
        (e: TransportError) => e,
      );
    const rejected = await failure('rejected@example.org');
    expect(rejected).toMatchObject({
      permanent: true,
      message: 'GOV.UK Notify 400: ValidationError: email_address Not a valid email address',
    });
    expect(await failure('down@example.org')).toMatchObject({
      permanent: false,
      message: expect.stringContaining('500'),
    });
  });
});
