/**
 * Security and operational events as one JSON line each on stdout. Callers
 * pass identifiers (user id, path), never passwords, tokens, names or e-mail
 * addresses.
 */
import { logSilenced } from './config.ts';

export function logEvent(event: string, fields: Record<string, string | number | boolean | null> = {}): void {
  if (logSilenced()) return;
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...fields })}\n`);
}
