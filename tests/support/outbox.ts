/**
 * The link that finishes a registration, read from the offline outbox (`MAIL_OUTBOX_DIR`) the way its holder
 * would read the e-mail. One reader for unit tests and e2e journeys, drivers and applicants alike.
 */
import { newestOutboxMessage } from '../../src/lib/mail.ts';

/**
 * The `/register/confirm/<token>` path in the newest message to `to`; undefined until such a message has
 * arrived (sending is not awaited by the form, so callers poll).
 */
export function confirmationPath(outboxDir: string, to: string): string | undefined {
  const text = newestOutboxMessage(outboxDir, to)?.text;
  return text === undefined ? undefined : /\/register\/confirm\/[a-z2-7]+/.exec(text)?.[0];
}

/** The token at the end of a confirmation path. */
export function confirmationToken(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
