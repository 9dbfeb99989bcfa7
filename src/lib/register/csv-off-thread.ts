/**
 * Reading an uploaded CSV file off the request thread. Parsing a large or hostile file takes seconds of CPU;
 * on the server's one thread every other visitor waited that long (review F-6). A worker thread parses it
 * (`csv-worker.ts`, started by `ts-worker.ts`) while the server goes on answering; only the checks against
 * the database stay here.
 */
import { startTypeScriptWorker, workerSourcePath } from '../ts-worker.ts';
import type { CsvReadResult } from './csv.ts';

/** Where the worker's source is, from source or from the built server. */
export function csvWorkerPath(): string {
  return workerSourcePath(import.meta.url, 'register', 'csv-worker.ts');
}

/** `readCsv(bytes, required)`, run in a worker thread so the event loop stays free. */
export function readCsvOffThread(bytes: Buffer, required: readonly string[]): Promise<CsvReadResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = startTypeScriptWorker(csvWorkerPath(), {
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
