/**
 * Reading an uploaded CSV file off the request thread. Parsing a large or hostile file takes seconds of CPU;
 * on the server's one thread every other visitor waited that long (review F-6). A worker thread parses it
 * (`csv-worker.ts`) while the server goes on answering; only the checks against the database stay here.
 *
 * The worker is TypeScript run through tsx (a dependency), like the command-line tools. It is found next to
 * this module when running from source (tsx, Vitest), and under `src/` of the working directory when this
 * module has been bundled into `dist/server` by the build, since `npm start` runs from the project folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CsvReadResult } from './csv.ts';

const WORKER_FILE = 'csv-worker.ts';

/** Where the worker's source is, from source or from the built server. */
export function csvWorkerPath(): string {
  const beside = join(dirname(fileURLToPath(import.meta.url)), WORKER_FILE);
  if (existsSync(beside)) return beside;
  const fromProject = resolve(process.cwd(), 'src/lib/register', WORKER_FILE);
  if (existsSync(fromProject)) return fromProject;
  throw new Error(`The CSV worker (${WORKER_FILE}) was not found beside ${beside} or at ${fromProject}`);
}

/** `readCsv(bytes, required)`, run in a worker thread so the event loop stays free. */
export function readCsvOffThread(bytes: Buffer, required: readonly string[]): Promise<CsvReadResult> {
  return new Promise((resolvePromise, reject) => {
    // A worker ignores `--import tsx`, so a two-line bootstrap registers tsx's loader, then loads the worker.
    const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
      pathToFileURL(csvWorkerPath()).href,
    )}); });`;
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: { bytes: new Uint8Array(bytes), required: [...required] },
      // A 5 MB file of short rows is millions of records; the worker may use some memory, never the server's all.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    worker.once('message', (read: CsvReadResult) => {
      resolvePromise(read);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The CSV worker stopped with code ${code}`));
    });
  });
}
