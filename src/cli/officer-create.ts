/**
 * `npm run officer:create -- --email EMAIL [--admin]`: creates an officer
 * account with no password and prints a one-time link (valid 7 days) to set it.
 */
import { parseArgs } from 'node:util';
import { applyMigrations } from '../../db/client.ts';
import { getDb } from '../lib/db.ts';
import { inviteOfficer, officerEmail } from '../lib/officer/officers.ts';

const { values } = parseArgs({ options: { email: { type: 'string' }, admin: { type: 'boolean', default: false } } });
const email = officerEmail.safeParse(values.email ?? '');
if (!email.success) {
  console.error(`Usage: npm run officer:create -- --email EMAIL [--admin]\n${email.error.issues[0]?.message ?? ''}`);
  process.exit(2);
}
const db = getDb();
applyMigrations(db);
const result = inviteOfficer({ email: email.data, role: values.admin ? 'admin' : 'officer', invitedBy: null }, db);
if (!result.ok) {
  console.error('An account with that email address already exists.');
  process.exit(1);
}
console.log(`Created ${values.admin ? 'admin' : 'officer'} account ${email.data}.`);
console.log('Send them this one-time link to set a password (it works once, for 7 days):');
console.log(result.link);
