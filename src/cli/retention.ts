/**
 * `npm run retention`: applies the retention rule in docs/privacy-operations.md once and prints what it removed.
 * Safe to run daily (for example from cron); running it twice removes nothing more.
 */
import { applyMigrations } from '../../db/client.ts';
import { getDb } from '../lib/db.ts';
import { applyRetention } from '../lib/privacy/retention.ts';

const db = getDb();
applyMigrations(db);
const report = applyRetention(db);
console.log(
  [
    `Drivers erased (licence expired over 6 years ago): ${report.driversErased}`,
    `Driver accounts erased (no sign-in for 6 years): ${report.accountsErased}`,
    `Expired sessions deleted: ${report.sessionsDeleted}`,
    `Used or expired links deleted: ${report.linksDeleted}`,
    `Certificate checks older than a year deleted: ${report.verificationsDeleted}`,
  ].join('\n'),
);
