/**
 * `npm run demo`: the portal on a throwaway database (a temporary folder,
 * deleted on exit) filled with the fictional register of 1,757 drivers, 683
 * trained face to face. The deadline is set a month from today so the
 * dashboard shows the run-up; prints a demo driver's and officer's sign-in.
 */
import { addMonths, format, parseISO } from 'date-fns';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { today } from '../lib/clock.ts';
import { formatCount } from '../lib/format.ts';

const SEED = 2016;
const dir = mkdtempSync(join(tmpdir(), 'portal-demo-'));
const todayIso = today();
process.env.DATABASE_PATH = join(dir, 'portal.db');
process.env.MAIL_OUTBOX_DIR = join(dir, 'outbox');
process.env.TRAINING_DEADLINE = format(addMonths(parseISO(todayIso), 1), 'yyyy-MM-dd');

const removeDemo = (): void => rmSync(dir, { recursive: true, force: true });
process.on('exit', removeDemo);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));

// Loaded after the environment is set: the configuration and database read it when first imported.
const { applyMigrations } = await import('../../db/client.ts');
const { getDb } = await import('../lib/db.ts');
const { readCourseModules, readQuestionBank } = await import('../lib/content/course-files.ts');
const { seedDemo } = await import('../lib/demo/seed.ts');
const { hashPassword } = await import('../lib/auth/password.ts');
const { startPortal } = await import('./portal.ts');

const db = getDb();
applyMigrations(db);
const moduleSlugs = readCourseModules().map((m) => m.slug);
const { register, accounts } = await seedDemo(db, {
  seed: SEED,
  today: todayIso,
  moduleSlugs,
  questions: readQuestionBank(),
  driver: { email: 'demo.driver@example.org', password: 'amber-lantern-taxi-rank-2016' },
  officer: { email: 'demo.officer@example.org', password: 'quayside-ledger-kestrel-2016' },
  hashPassword,
});
const url = await startPortal();

console.log(`
Demo portal: ${url}  (deadline ${process.env.TRAINING_DEADLINE}; data in ${dir}, deleted when you stop the demo)
Register: ${formatCount(register.drivers.length)} drivers, ${register.sessions.length} trained face to face, ${register.learners.length} with online accounts.
${accounts.map((a) => `${a.role === 'driver' ? 'Demo driver' : 'Demo officer (admin)'}: sign in at ${url}/login with\n  Email:    ${a.email}\n  Password: ${a.password}`).join('\n')}

Press Ctrl+C to stop.`);
