/**
 * `npm start`: builds if the sources are newer than the last build, applies
 * migrations, then serves on HOST:PORT (default 127.0.0.1:4321). Until an
 * officer account exists, prints a one-time link that creates the first admin.
 */
import { firstAdminSetupLink } from '../lib/officer/officers.ts';
import { startPortal } from './portal.ts';

// Leaving through process.exit runs the exit hooks, so a profile asked for with --cpu-prof is written.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
const url = await startPortal();
console.log(`Serving on ${url}`);
// No default accounts: each start without an officer prints a fresh link (SECURITY.md, ASVS 6.3.2).
const setupLink = firstAdminSetupLink();
if (setupLink)
  console.log(`No officer account exists yet. Set up the first admin (link works once, for 24 hours):\n${setupLink}`);
