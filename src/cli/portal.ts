/**
 * Starting the portal, shared by `npm start` and `npm run demo`: build if the
 * sources are newer than the last build, apply migrations to the database at
 * DATABASE_PATH, then serve on HOST:PORT (default 127.0.0.1:4321).
 */
import { applyMigrations } from '../../db/client.ts';
import { warmCertificatePdfWorkers } from '../lib/certificates/pdf-pool.ts';
import { listenAddress, skipBuild } from '../lib/config.ts';
import { getDb } from '../lib/db.ts';
import { startReminderWorker } from '../lib/reminders/worker.ts';
import { buildIfNeeded } from './build.ts';
import { serve } from './serve.ts';

/**
 * Builds if needed (unless SKIP_BUILD=1), migrates, serves and starts the
 * reminder worker and a certificate PDF worker; resolves to the address it serves on.
 */
export async function startPortal(): Promise<string> {
  if (!skipBuild()) buildIfNeeded();
  applyMigrations(getDb());
  const { host, port } = listenAddress();
  await serve(host, port);
  // Reminders are sent from the server process: the queue lives in the same database.
  startReminderWorker();
  warmCertificatePdfWorkers();
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
}
