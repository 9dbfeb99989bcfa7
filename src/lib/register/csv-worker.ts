/**
 * Runs `readCsv` in a worker thread (see `csv-off-thread.ts`): the file's bytes and required columns arrive
 * as workerData, the read file goes back as one message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCsv } from './csv.ts';

const { bytes, required } = workerData as { bytes: Uint8Array; required: string[] };
parentPort!.postMessage(readCsv(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), required));
