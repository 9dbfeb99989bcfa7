/**
 * Checking and applying an uploaded import off the server's thread. Parsing a hostile file, checking every
 * cell of a valid 100,000-row register and writing it each take seconds of CPU; on the server's one thread
 * every other visitor waited that long (review F-6). A worker thread (`import-worker.ts`) does all three
 * with its own connection to the same database file, while the server goes on answering: in WAL mode the
 * server's readers carry on while the worker's one transaction writes. The command line calls the same
 * import functions directly.
 *
 * The worker is TypeScript started through `ts-worker.ts`, like the certificate PDF pool. Loading it and the import modules through tsx takes a few seconds of CPU, so one worker is kept for
 * every job, started when the import page is first opened and stopped after a quarter of an hour unused.
 */
import type { Worker } from 'node:worker_threads';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { getDb } from '../db.ts';
import { startTypeScriptWorker, workerSourcePath } from '../ts-worker.ts';
import type { ImportKind, ImportKindId } from './import-kinds.ts';
import type { ImportOutcome, ImportPreview } from './import-report.ts';

const WORKER_FILE = 'import-worker.ts';
/** An idle worker holds its modules' memory; one unused for this long is stopped and started again when needed. */
const IDLE_MS = 15 * 60 * 1000;

/** What the worker is asked to do: everything it needs arrives here, since it shares no memory with the server. */
export interface ImportJob {
  id: number;
  kind: ImportKindId;
  bytes: Uint8Array;
  /** Set to apply the file as this officer (null: no officer); null to preview it. */
  apply: { actorUserId: number | null } | null;
  databasePath: string;
  /** The server's clock (which tests may pin) and row limit (which tests may lower), so the worker judges alike. */
  nowMs: number;
  importMaxRows: number;
}

/** The worker's answer to one job. */
export type ImportJobResult = { id: number; result: ImportPreview | ImportOutcome } | { id: number; error: string };

/** Where the worker's source is, from source or from the built server. */
export function importWorkerPath(): string {
  return workerSourcePath(import.meta.url, 'register', WORKER_FILE);
}

interface Pending {
  resolve: (result: ImportPreview | ImportOutcome) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let lastJobId = 0;
let idleTimer: NodeJS.Timeout | undefined;

/** Fails every job still waiting and forgets the worker, so the next job starts a new one. */
function lose(from: Worker, error: Error): void {
  if (worker !== from) return;
  worker = null;
  clearTimeout(idleTimer);
  for (const job of pending.values()) job.reject(error);
  pending.clear();
}

/** The running worker, started if there is none. Starting it early (`warmImportWorker`) hides its start-up time. */
function importWorker(): Worker {
  if (worker) return worker;
  const started = startTypeScriptWorker(importWorkerPath(), {
    // A 5 MB file of short rows is millions of records; the worker may use some memory, never the server's all.
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  started.on('message', (answer: ImportJobResult) => {
    const job = pending.get(answer.id);
    pending.delete(answer.id);
    if ('error' in answer) job?.reject(new Error(answer.error));
    else job?.resolve(answer.result);
    settle(started);
  });
  started.once('error', (error) => lose(started, error));
  started.once('exit', (code) => lose(started, new Error(`The import worker stopped with code ${code}`)));
  worker = started;
  settle(started);
  return started;
}

/** An idle worker does not keep the process alive, and stops itself after `IDLE_MS`. */
function settle(running: Worker): void {
  clearTimeout(idleTimer);
  if (pending.size > 0) {
    running.ref();
    return;
  }
  running.unref();
  idleTimer = setTimeout(() => void running.terminate(), IDLE_MS);
  idleTimer.unref();
}

/** Starts the worker now, if it is not running, so that the officer's upload does not wait for it to load. */
export function warmImportWorker(): void {
  importWorker();
}

function runImportJob<T extends ImportPreview>(kind: ImportKind, bytes: Buffer, apply: ImportJob['apply']): Promise<T> {
  const databasePath = getDb().$client.name;
  if (databasePath === ':memory:') throw new Error('An import off the request thread needs a database file');
  lastJobId += 1;
  const job: ImportJob = {
    id: lastJobId,
    kind: kind.id,
    bytes: new Uint8Array(bytes),
    apply,
    databasePath,
    nowMs: now().getTime(),
    importMaxRows: config.importMaxRows,
  };
  const running = importWorker();
  return new Promise<T>((resolvePromise, reject) => {
    pending.set(job.id, { resolve: (result) => resolvePromise(result as T), reject });
    settle(running);
    running.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
  });
}

/** `kind.preview(bytes)`, run in the worker thread so the event loop stays free. */
export function previewImportOffThread(kind: ImportKind, bytes: Buffer): Promise<ImportPreview> {
  return runImportJob(kind, bytes, null);
}

/** Whether this server is applying an import now. */
let applying = false;

/**
 * `kind.apply(bytes, actorUserId)`, run in the worker thread so the event loop stays free. One import at a
 * time: resolves to null, changing nothing, while another is being applied by this server. (An import run
 * from the command line at the same moment waits for the database's write lock instead.)
 */
export async function applyImportOffThread(
  kind: ImportKind,
  bytes: Buffer,
  actorUserId: number | null,
): Promise<ImportOutcome | null> {
  if (applying) return null;
  applying = true;
  try {
    return await runImportJob<ImportOutcome>(kind, bytes, { actorUserId });
  } finally {
    applying = false;
  }
}
