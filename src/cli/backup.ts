/**
 * `npm run backup -- OUT.db`: an online, consistent copy of the live database
 * (better-sqlite3's backup API), safe while the server is running.
 */
import { existsSync } from 'node:fs';
import { getDb } from '../lib/db.ts';

const target = process.argv[2];
if (!target) {
  console.error('Usage: npm run backup -- OUT.db');
  process.exit(2);
}
if (existsSync(target)) {
  console.error(`${target} already exists; choose a new file name so no backup is overwritten.`);
  process.exit(2);
}
const db = getDb();
await db.$client.backup(target, {
  progress: ({ totalPages, remainingPages }) => {
    process.stdout.write(`\rCopied ${totalPages - remainingPages} of ${totalPages} pages`);
    return 200;
  },
});
process.stdout.write(`\nBackup written to ${target}\n`);
