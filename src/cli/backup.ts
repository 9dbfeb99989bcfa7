/**
 * `npm run backup -- OUT.db`: an online, consistent copy of the live database
 * (better-sqlite3's backup API), safe while the server is running.
 */
import { existsSync } from 'node:fs';
import { backupDatabase } from '../../db/client.ts';
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
await backupDatabase(getDb(), target, (copied, total) => process.stdout.write(`\rCopied ${copied} of ${total} pages`));
process.stdout.write(`\nBackup written to ${target}\n`);
