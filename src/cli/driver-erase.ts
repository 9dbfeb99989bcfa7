/**
 * `npm run driver:erase -- BADGE`: erases one driver's personal data on their request (docs/privacy-operations.md).
 * The register row, account, attempts and certificates are anonymised, not deleted, so the dashboard's counts stay.
 */
import { applyMigrations } from '../../db/client.ts';
import { getDb } from '../lib/db.ts';
import { driverIdByBadge, eraseDriver } from '../lib/privacy/erasure.ts';

const badge = process.argv[2]?.trim();
if (!badge) {
  console.error('Usage: npm run driver:erase -- BADGE_NUMBER');
  process.exit(2);
}
const db = getDb();
applyMigrations(db);
const driverId = driverIdByBadge(badge, db);
if (driverId === null) {
  console.error('No driver on the register has that badge number.');
  process.exit(1);
}
const result = eraseDriver(driverId, null, 'request', db);
if (!result.ok) {
  console.error('That driver’s personal data has already been erased.');
  process.exit(1);
}
console.log(`Erased the personal data of register row ${driverId}; the counts on the dashboard are unchanged.`);
