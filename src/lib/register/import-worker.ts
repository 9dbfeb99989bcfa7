/**
 * Previews or applies imports in a worker thread (see `import-off-thread.ts`): each job arrives as a
 * message, and its preview or outcome (or the error that stopped it) goes back as one message. Each job
 * opens its own connection to the server's database file, with the same pragmas, and closes it when done.
 */
import { parentPort } from 'node:worker_threads';
import { openDatabase } from '../../../db/client.ts';
import { setClock } from '../clock.ts';
import { config } from '../config.ts';
import { useDb } from '../db.ts';
import { IMPORT_KINDS } from './import-kinds.ts';
import type { ImportJob, ImportJobResult } from './import-off-thread.ts';

function run(job: ImportJob): ImportJobResult {
  const at = new Date(job.nowMs);
  setClock(() => at);
  config.importMaxRows = job.importMaxRows;
  const db = openDatabase(job.databasePath);
  // Anything that falls back to the process-wide connection uses this job's own.
  useDb(db);
  try {
    const kind = IMPORT_KINDS[job.kind];
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    return {
      id: job.id,
      result: job.apply ? kind.apply(bytes, job.apply.actorUserId, db) : kind.preview(bytes, db),
    };
  } catch (error) {
    return { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  } finally {
    useDb(null);
    db.$client.close();
  }
}

parentPort!.on('message', (job: ImportJob) => parentPort!.postMessage(run(job)));
