/**
 * The reminder worker alone in a process, on the database at DATABASE_PATH,
 * for the test that kills it mid-campaign and starts it again.
 */
import { startReminderWorker } from '../../../src/lib/reminders/worker.ts';

startReminderWorker();
process.stdout.write('worker started\n');
